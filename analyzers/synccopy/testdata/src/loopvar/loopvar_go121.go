//go:build go1.21

package loopvar

// FillOld is compiled as Go 1.21: one variable for the whole loop.
func FillOld(n int) {
	for b, i := (Batch{}), 0; i < n; i++ {
		b.mu.Lock()
		b.items = append(b.items, "x")
		b.mu.Unlock()
	}
}
