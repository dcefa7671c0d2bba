// Seed 001 L358-362, the first DON'T: sleeping instead of waiting is
// sleepsync's to report; mainexit stays silent so it is said once.
package main

import (
	"fmt"
	"time"
)

func worker() {
	fmt.Println("working")
}

func main() {
	go worker()
	time.Sleep(time.Second)
}
