// A CLI that waits for its uploads in a deferred Wait, then leaves
// through os.Exit, which skips deferred calls.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
)

var failures int

func upload(name string, mu *sync.Mutex) {
	data, err := os.ReadFile(name)
	if err != nil || len(data) == 0 {
		mu.Lock()
		failures++
		mu.Unlock()
		return
	}
	fmt.Printf("uploaded %s (%d bytes)\n", name, len(data))
}

func main() {
	flag.Parse()
	var wg sync.WaitGroup
	var mu sync.Mutex
	defer wg.Wait()

	for _, name := range flag.Args() {
		if strings.HasPrefix(name, ".") {
			continue
		}
		wg.Add(1)
		go func() { // want `main calls os.Exit at line 47 without waiting for this goroutine`
			defer wg.Done()
			upload(name, &mu)
		}()
	}

	code := 0
	if failures > 0 {
		code = 2
	}
	os.Exit(code)
}
