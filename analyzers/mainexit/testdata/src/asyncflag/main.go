// The wait happens only on one branch: with -async the indexer is
// started and main returns at once.
package main

import (
	"flag"
	"fmt"
	"strings"
)

func index(docs []string, done chan<- int) {
	n := 0
	for _, d := range docs {
		n += len(strings.Fields(d))
	}
	done <- n
}

func main() {
	async := flag.Bool("async", false, "do not wait for the index")
	flag.Parse()

	done := make(chan int, 1)
	go index(flag.Args(), done) // want `main returns at line 28 without waiting for this goroutine`
	if !*async {
		fmt.Println("words:", <-done)
	}
}
