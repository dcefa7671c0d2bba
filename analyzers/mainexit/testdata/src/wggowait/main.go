// wg.Go (Go 1.25) with a Wait.
package main

import (
	"fmt"
	"os"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	sizes := make([]int64, len(os.Args))
	for i, name := range os.Args[1:] {
		wg.Go(func() {
			if fi, err := os.Stat(name); err == nil {
				sizes[i] = fi.Size()
			}
		})
	}
	wg.Wait()
	fmt.Println(sizes)
}
