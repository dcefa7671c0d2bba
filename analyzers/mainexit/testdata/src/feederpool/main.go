// Seed 001 L620-660 shape: the job feeder is not counted anywhere, but
// the results main counts can only all arrive after it has sent every
// job, so receiving them waits for it too.
package main

import (
	"fmt"
	"time"
)

func worker(id int, jobs <-chan int, results chan<- int) {
	for j := range jobs {
		fmt.Printf("worker %d started job %d\n", id, j)
		time.Sleep(time.Millisecond)
		results <- j * 2
	}
}

func main() {
	const numJobs = 9
	jobs := make(chan int)
	results := make(chan int, numJobs)

	for w := 1; w <= 3; w++ {
		go worker(w, jobs, results)
	}
	go func() {
		for j := 1; j <= numJobs; j++ {
			jobs <- j
		}
		close(jobs)
	}()

	sum := 0
	for a := 1; a <= numJobs; a++ {
		sum += <-results
	}
	fmt.Println("sum:", sum)
}
