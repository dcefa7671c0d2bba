// Command process2 runs a poller whose errors end the program through
// os.Exit after main prints them.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	samples := make(chan time.Duration)
	go func() {
		for {
			start := time.Now()
			time.Sleep(time.Second)
			samples <- time.Since(start)
		}
	}()
	for {
		select {
		case d := <-samples:
			fmt.Println(d)
		case <-ctx.Done():
			return nil
		}
	}
}

// poll is run by main, but main keeps going afterwards: the goroutine
// outlives the call.
func poll(ctx context.Context) {
	samples := make(chan time.Time)
	go func() {
		for {
			samples <- time.Now() // want `send on samples in a loop ignores ctx`
		}
	}()
	select {
	case <-samples:
	case <-ctx.Done():
	}
}

func init() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	poll(ctx)
	time.Sleep(time.Second)
}
