//go:build go1.21

// Before Go 1.22 a loop variable is one variable for the whole loop, so
// indexing with it is not a per-goroutine slot.
package pre122

import "sync"

func square(n int) int { return n * n }

// Squares indexes with the shared loop variable.
func Squares(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = square(i) // want `goroutines started in the loop at line 15 all write out\[i\] without synchronization`
		}()
	}
	wg.Wait()
	return out
}

// Names writes through the shared range variable of a map of slices.
func Names(groups map[string][]string) map[string]int {
	sizes := make(map[string]int)
	var wg sync.WaitGroup
	for name := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sizes[name] = len(groups[name]) // want `all write map sizes without synchronization`
		}()
	}
	wg.Wait()
	return sizes
}

// SquaresCopied copies the loop variable, the pre-1.22 idiom.
func SquaresCopied(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = square(i)
		}()
	}
	wg.Wait()
	return out
}

// SquaresArg passes the loop variable as an argument.
func SquaresArg(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out[i] = square(i)
		}(i)
	}
	wg.Wait()
	return out
}
