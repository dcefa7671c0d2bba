// Seed 001 L2790-2805 shape: a collector runs beside a ticker loop that
// never ends.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func collect(samples chan<- int) {
	for i := 0; ; i++ {
		samples <- runtime.NumGoroutine()
		time.Sleep(time.Second)
	}
}

func main() {
	samples := make(chan int, 100)
	go collect(samples)
	ticker := time.NewTicker(5 * time.Second)
	defer ticker.Stop()
	for range ticker.C {
		fmt.Println("goroutines:", len(samples))
	}
}
