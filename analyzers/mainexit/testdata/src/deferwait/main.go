// A deferred Wait joins on every return.
package main

import (
	"fmt"
	"os"
	"sync"
)

func lineCount(name string) int {
	data, err := os.ReadFile(name)
	if err != nil {
		return 0
	}
	n := 0
	for _, b := range data {
		if b == '\n' {
			n++
		}
	}
	return n
}

func main() {
	var wg sync.WaitGroup
	defer wg.Wait()
	for _, name := range os.Args[1:] {
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			fmt.Println(name, lineCount(name))
		}(name)
	}
	if len(os.Args) == 1 {
		fmt.Println("no files")
		return
	}
}
