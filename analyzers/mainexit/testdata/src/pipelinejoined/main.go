// The fix of seed 002 L615-618: wait for the stages after draining the
// last one, in main.
package main

import (
	"fmt"
	"sync"
)

func generator(nums []int, out chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	defer close(out)
	for _, n := range nums {
		out <- n
	}
}

func squarer(in <-chan int, out chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	defer close(out)
	for n := range in {
		out <- n * n
	}
}

func main() {
	stage1 := make(chan int)
	stage2 := make(chan int)
	var wg sync.WaitGroup
	wg.Add(2)
	go generator([]int{1, 2, 3, 4}, stage1, &wg)
	go squarer(stage1, stage2, &wg)

	for v := range stage2 {
		fmt.Println(v)
	}
	wg.Wait()
	fmt.Println("Pipeline completed")
}
