// Calls into another package count as waits, and goroutines running
// another package's function may be daemons: both are out of sight.
package main

import (
	"fmt"

	"jobqueue"
)

func main() {
	cache := map[string]string{}
	go jobqueue.Refresh(cache)

	q := make(chan string, 8)
	go func() {
		for _, s := range []string{"a", "b"} {
			q <- s
		}
	}()
	jobqueue.Drain(q)
	fmt.Println("drained")
}
