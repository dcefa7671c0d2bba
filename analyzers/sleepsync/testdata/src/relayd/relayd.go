// Command relayd relays messages to peers until interrupted, keeping a
// NAT port mapping alive meanwhile.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"
)

func mapPort(ctx context.Context, port int) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
			fmt.Println("renewing mapping for port", port)
		}
	}
}

func deliver(outbox <-chan string) {
	for msg := range outbox {
		fmt.Println("delivering", msg)
	}
}

// The deferred cancel runs as main returns, and the program exits right
// after it: the sleep is all that lets deliver flush its queue.
func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go mapPort(ctx, 22067)

	outbox := make(chan string, 64)
	go deliver(outbox)
	outbox <- "hello"

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	<-sigs

	close(outbox)
	time.Sleep(500 * time.Millisecond) // want `time.Sleep used to wait until the goroutines started at lines 35 and 38 are ready`
}

// probeNAT keeps a mapping for a second to see whether the router takes
// it; the deferred cancel then stops the mapper, and relayd carries on.
func probeNAT(port int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go mapPort(ctx, port)
	time.Sleep(time.Second)
}
