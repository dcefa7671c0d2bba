// The flusher waits for quit, which main closes on its way out, and is
// then stopped mid-flush by the exit.
package main

import (
	"bufio"
	"fmt"
	"os"
)

type metrics struct {
	counts map[string]int
}

func (m *metrics) flush(w *bufio.Writer) {
	for k, v := range m.counts {
		fmt.Fprintf(w, "%s %d\n", k, v)
	}
	w.Flush()
}

func main() {
	m := &metrics{counts: map[string]int{}}
	quit := make(chan struct{})
	defer close(quit)

	go func() { // want `main returns at line 35 without waiting for this goroutine`
		<-quit
		m.flush(bufio.NewWriter(os.Stdout))
	}()

	for _, arg := range os.Args[1:] {
		m.counts[arg]++
	}
}
