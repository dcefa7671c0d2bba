// Package cgo mixes cgo with goroutines: go/packages hands the analyzers
// the files cgo generated, whose positions map back here through //line
// directives.
package cgo

/*
#include <stdint.h>

static int64_t square(int64_t x) { return x * x; }
*/
import "C"

import "sync"

// Squares computes squares in C, one goroutine per input.
func Squares(in []int64) []int64 {
	out := make([]int64, len(in))
	var wg sync.WaitGroup
	for i, x := range in {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = int64(C.square(C.int64_t(x)))
		}()
	}
	wg.Wait()
	return out
}

// SquaresLate counts each goroutine from inside it, so Wait may return
// before any has started.
func SquaresLate(in []int64) int64 {
	var (
		mu  sync.Mutex
		sum int64
		wg  sync.WaitGroup
	)
	for _, x := range in {
		go func() {
			wg.Add(1)
			defer wg.Done()
			sq := int64(C.square(C.int64_t(x)))
			mu.Lock()
			sum += sq
			mu.Unlock()
		}()
	}
	wg.Wait()
	return sum
}

// First returns the first square a goroutine computes; the others block
// for ever on the unbuffered channel.
func First(in []int64) int64 {
	ch := make(chan int64)
	for _, x := range in {
		go func() { ch <- int64(C.square(C.int64_t(x))) }()
	}
	return <-ch
}
