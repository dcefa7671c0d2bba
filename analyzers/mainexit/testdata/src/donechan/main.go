// Seed 001 L185-200, channel-based coordination: main blocks on done.
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	done := make(chan bool)
	lines := make([]string, 0, len(os.Args))
	go func() {
		for _, a := range os.Args[1:] {
			lines = append(lines, strings.ToUpper(a))
		}
		done <- true
	}()
	<-done
	fmt.Println(strings.Join(lines, "\n"))
}
