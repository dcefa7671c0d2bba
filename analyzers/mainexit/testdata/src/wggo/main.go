// wg.Go counts the goroutine, but nobody waits on the group.
package main

import (
	"fmt"
	"os"
	"sync"
)

func checksum(name string) {
	data, err := os.ReadFile(name)
	if err != nil {
		return
	}
	var sum byte
	for _, b := range data {
		sum += b
	}
	fmt.Printf("%s %02x\n", name, sum)
}

func main() {
	var wg sync.WaitGroup
	for _, name := range os.Args[1:] {
		wg.Go(func() { // want `main returns at line 29 without waiting for this goroutine`
			checksum(name)
		})
	}
}
