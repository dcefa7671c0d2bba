// Command quietjoined is quietcalls done right: after the same formatting
// it waits for the audit write.
package main

import (
	"encoding/json"
	"log"
	"os"
	"sort"
	"strconv"
	"strings"
)

type summary struct {
	Words []string `json:"words"`
	Count string   `json:"count"`
}

func main() {
	audit, err := os.Create("audit.log")
	if err != nil {
		log.Fatal(err)
	}
	written := make(chan error, 1)
	go func() {
		_, err := audit.WriteString(strings.Join(os.Args, " ") + "\n")
		if cerr := audit.Close(); err == nil {
			err = cerr
		}
		written <- err
	}()

	words := strings.Fields(strings.ToLower(strings.Join(os.Args[1:], " ")))
	sort.Strings(words)
	out, err := json.Marshal(summary{Words: words, Count: strconv.Itoa(len(words))})
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("summary: %s", out)
	if err := <-written; err != nil {
		log.Fatal(err)
	}
}
