// Package broken does not type-check: golint-conc must say so, not panic.
package broken

import "sync"

func Start(wg *sync.WaitGroup) {
	wg.Add("one")
	go undefinedWorker(wg)
}
