// Command pipedreport streams a report a goroutine writes into a pipe:
// io.Copy is not among the packages that never wait (it reads until the
// goroutine closes the pipe), so main does wait.
package main

import (
	"fmt"
	"io"
	"log"
	"os"
	"strings"
)

func main() {
	pr, pw := io.Pipe()
	go func() {
		for _, arg := range os.Args[1:] {
			fmt.Fprintln(pw, strings.ToUpper(arg))
		}
		pw.Close()
	}()
	if _, err := io.Copy(os.Stdout, pr); err != nil {
		log.Fatal(err)
	}
}
