// Package jobqueue is a library the librarycalls program uses; its
// functions are out of mainexit's sight.
package jobqueue

import "time"

// Refresh refreshes the cache every minute, forever.
func Refresh(cache map[string]string) {
	for range time.Tick(time.Minute) {
		clear(cache)
	}
}

// Drain blocks until the queue is empty.
func Drain(q chan string) {
	for len(q) > 0 {
		time.Sleep(10 * time.Millisecond)
	}
}
