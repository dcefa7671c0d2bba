// Workers that run until the process is killed; main parks in select {}.
package main

import (
	"fmt"
	"os"
)

func watch(path string, events chan<- string) {
	info, err := os.Stat(path)
	if err != nil {
		return
	}
	events <- fmt.Sprintf("%s: %d bytes", path, info.Size())
}

func main() {
	events := make(chan string, 16)
	for _, p := range os.Args[1:] {
		go watch(p, events)
	}
	fmt.Println("watching", len(os.Args)-1, "files")
	select {}
}
