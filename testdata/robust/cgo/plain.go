package cgo

import "time"

// Poll calls f every interval until it reports true, on a ticker it stops.
func Poll(interval time.Duration, f func() bool) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for range t.C {
		if f() {
			return
		}
	}
}
