// Seed 001 L371-377, the third DON'T: workers started in a loop and
// never coordinated with; main exits before they complete.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

func worker(id int, dir string) {
	matches, err := filepath.Glob(filepath.Join(dir, fmt.Sprintf("part-%d-*.log", id)))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	for _, m := range matches {
		if err := os.Remove(m); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}
}

func main() {
	dir := os.TempDir()
	for i := 0; i < 10; i++ {
		go worker(i, dir) // want `main returns at line 30 without waiting for this goroutine`
	}
	fmt.Println("cleanup started")
}
