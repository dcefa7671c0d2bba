// Command batch exits before its worker has finished.
package main

import "fmt"

func main() {
	results := make(chan string, 1)
	go func() { // e2e: mainexit
		results <- "done"
	}()
	fmt.Println("started")
}
