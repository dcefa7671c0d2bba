// Command quietcalls summarises its arguments while a goroutine writes an
// audit line: the formatting main does afterwards (strings, strconv,
// sort, encoding/json, log) never waits for the goroutine, so main
// returns while the audit write may still be pending.
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
	go func() { // want `main returns at line 38 without waiting for this goroutine`
		audit.WriteString(strings.Join(os.Args, " ") + "\n")
		audit.Close()
	}()

	words := strings.Fields(strings.ToLower(strings.Join(os.Args[1:], " ")))
	sort.Strings(words)
	out, err := json.Marshal(summary{Words: words, Count: strconv.Itoa(len(words))})
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("summary: %s", out)
}
