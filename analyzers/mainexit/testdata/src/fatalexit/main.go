// Failure paths (log.Fatal, os.Exit(1)) end the program on an error;
// only the normal path must wait, and it does.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
)

type report struct {
	Files int `json:"files"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: scan DIR")
		os.Exit(2)
	}
	done := make(chan report)
	go func() {
		entries, _ := os.ReadDir(os.Args[1])
		done <- report{Files: len(entries)}
	}()
	if _, err := os.Stat(os.Args[1]); err != nil {
		log.Fatal(err)
	}
	if len(os.Args) > 2 {
		fmt.Fprintln(os.Stderr, "too many arguments")
		os.Exit(1)
	}
	r := <-done
	if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
		log.Fatal(err)
	}
}
