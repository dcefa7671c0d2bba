// Package deep holds deeply nested closures, blocks and selects. The
// test writes the deepest code into deep_gen.go, in a temporary copy of
// this module, rather than committing thousands of lines.
package deep

import "sync"

// Nest starts a goroutine inside a closure inside a closure, each level
// counted on the same WaitGroup.
func Nest(f func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		wg.Add(1)
		go func() {
			defer wg.Done()
			func() {
				{
					{
						f()
					}
				}
			}()
		}()
	}()
	wg.Wait()
}
