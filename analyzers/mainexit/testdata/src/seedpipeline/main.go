// Seed 002 L615-618 (pitfalls row 26): the goroutine that prints
// "Pipeline completed" after wg.Wait() may never run, because main
// returns as soon as stage 3 drains.
package main

import (
	"fmt"
	"sync"
	"time"
)

func generator(nums []int, out chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	defer close(out)
	for _, n := range nums {
		out <- n
		fmt.Printf("Generated: %d\n", n)
	}
}

func squarer(in <-chan int, out chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	defer close(out)
	for num := range in {
		squared := num * num
		out <- squared
		fmt.Printf("Squared %d -> %d\n", num, squared)
		time.Sleep(time.Millisecond * 50)
	}
}

func filter(in <-chan int, out chan<- int, threshold int, wg *sync.WaitGroup) {
	defer wg.Done()
	defer close(out)
	for num := range in {
		if num > threshold {
			out <- num
		}
	}
	fmt.Println("Filter finished")
}

func main() {
	numbers := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	stage1 := make(chan int)
	stage2 := make(chan int)
	stage3 := make(chan int)

	var wg sync.WaitGroup
	wg.Add(3)
	go generator(numbers, stage1, &wg)
	go squarer(stage1, stage2, &wg)
	go filter(stage2, stage3, 50, &wg)

	go func() { // want `main returns at line 67 without waiting for this goroutine: the program exits and its work is lost; wait for it with a sync.WaitGroup or a channel`
		wg.Wait()
		fmt.Println("Pipeline completed")
	}()

	fmt.Println("\nFinal results:")
	count := 0
	for result := range stage3 {
		count++
		fmt.Printf("Result %d: %d\n", count, result)
	}
	fmt.Printf("Total results: %d\n", count)
}
