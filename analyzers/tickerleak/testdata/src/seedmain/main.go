//go:build go1.22

// Command seedmain holds the shapes of the seed programs' rate limiter
// and select demos (seed rows 20, 24 and 25).
package main

import (
	"fmt"
	"log"
	"time"
)

// rateLimiter is called from main but returns: its Tick leaks, and so
// does the refill goroutine it starts.
func rateLimiter() {
	requests := make(chan int, 5)
	limiter := time.Tick(time.Second / 3) // want `time.Tick's ticker can never be stopped`
	for i := 1; i <= 5; i++ {
		requests <- i
	}
	close(requests)
	for req := range requests {
		<-limiter
		fmt.Println("request", req, time.Now())
	}

	tokenBucket := make(chan struct{}, 3)
	for i := 0; i < 3; i++ {
		tokenBucket <- struct{}{}
	}
	go func() { // want `goroutine never returns: its loop receiving from ticker.C has no exit`
		ticker := time.NewTicker(time.Second)
		defer ticker.Stop()
		for range ticker.C {
			select {
			case tokenBucket <- struct{}{}:
				fmt.Println("added token")
			default:
			}
		}
	}()
	for i := 1; i <= 5; i++ {
		<-tokenBucket
		fmt.Println("burst request", i)
	}
}

func rateLimiting() {
	requests := make(chan int, 5)
	for i := 1; i <= 5; i++ {
		requests <- i
	}
	close(requests)
	limiter := time.Tick(200 * time.Millisecond) // want `time.Tick's ticker can never be stopped`
	for req := range requests {
		<-limiter
		fmt.Println("Request", req, time.Now())
	}
}

func selectDemo() {
	ch1 := make(chan string)
	quit := make(chan bool)
	go func() {
		for i := 1; i <= 3; i++ {
			time.Sleep(time.Second)
			ch1 <- fmt.Sprintf("message %d", i)
		}
	}()
	go func() {
		time.Sleep(5 * time.Second)
		quit <- true
	}()
	for {
		select {
		case msg := <-ch1:
			fmt.Println(msg)
		case <-quit:
			return
		case <-time.After(2 * time.Second): // want `time.After in a loop's select starts a new timer`
			fmt.Println("timeout: no message in 2 seconds")
		}
	}
}

func main() {
	rateLimiter()
	rateLimiting()
	selectDemo()

	// main's own tickers and daemons live as long as the program.
	stats := time.NewTicker(10 * time.Second)
	go func() {
		for range stats.C {
			log.Print("alive")
		}
	}()
	go func() {
		for t := range time.Tick(time.Minute) {
			log.Print("minute ", t)
		}
	}()
	heartbeat := time.Tick(30 * time.Second)
	go func() {
		for {
			<-heartbeat
			log.Print("heartbeat")
		}
	}()
	select {}
}
