// Seed rows 14 and 15 run in main; so does the block-forever idiom.
package main

import (
	"fmt"
	"net/http"
	"time"
)

// Buggy: seed 001 L906-923, 300 ms of work against a 200 ms timeout.
func selectTimeout() {
	ch := make(chan string)
	go func() {
		time.Sleep(time.Millisecond * 300)
		ch <- "Slow message" // want `goroutine blocks forever sending on ch \(unbuffered\) when selectTimeout stops waiting at the select on line 17 \(case <-time.After\(time.Millisecond \* 200\)\)`
	}()
	select {
	case msg := <-ch:
		fmt.Printf("Received: %s\n", msg)
	case <-time.After(time.Millisecond * 200):
		fmt.Println("Timeout! Message not received")
	}
}

// Buggy: seed 001 L878-901, the slower sender is never received.
func basicSelect() {
	ch1 := make(chan string)
	ch2 := make(chan string)
	go func() {
		time.Sleep(time.Millisecond * 100)
		ch1 <- "Message from channel 1" // want `sending on ch1 \(unbuffered\) when basicSelect stops waiting at the select on line 37 \(case <-ch2\)`
	}()
	go func() {
		time.Sleep(time.Millisecond * 200)
		ch2 <- "Message from channel 2" // want `sending on ch2 \(unbuffered\) when basicSelect stops waiting at the select on line 37 \(case <-ch1\)`
	}()
	select {
	case msg1 := <-ch1:
		fmt.Printf("Received from ch1: %s\n", msg1)
	case msg2 := <-ch2:
		fmt.Printf("Received from ch2: %s\n", msg2)
	}
}

// Correct: the fixed timeout, one slot for the sender.
func selectTimeoutFixed() {
	ch := make(chan string, 1)
	go func() {
		time.Sleep(time.Millisecond * 300)
		ch <- "Slow message"
	}()
	select {
	case msg := <-ch:
		fmt.Printf("Received: %s\n", msg)
	case <-time.After(time.Millisecond * 200):
		fmt.Println("Timeout! Message not received")
	}
}

// Correct: the fixed first-of, room for both senders.
func basicSelectFixed() {
	ch := make(chan string, 2)
	go func() { ch <- "Message from channel 1" }()
	go func() { ch <- "Message from channel 2" }()
	fmt.Println(<-ch)
}

func main() {
	selectTimeout()
	basicSelect()
	selectTimeoutFixed()
	basicSelectFixed()
	go http.ListenAndServe(":8080", nil)
	// Correct: main blocks forever on purpose while the server runs.
	forever := make(chan bool)
	<-forever
}
