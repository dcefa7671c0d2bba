// Package broken does not type-check; the analyzer runs on it anyway, as
// vet's copylocks does, and must neither crash nor loop.
package broken

import "sync"

// Loop is an invalid recursive type.
type Loop struct {
	next Loop
	mu   sync.Mutex
}

func Walk(l Loop) {} // Loop is invalid: go/types gives it no fields

// Cyclic type parameters.
func Odd[A ~[]B, B ~[]A | string, C ~struct{ F C }](a A, b B, c C) {}

func Start(wg sync.WaitGroup) { // want `Start takes wg by value`
	go undefinedWorker(wg) // want `passing wg by value`
	var x = missing.Field
	y := x
	_ = y
	for _, v := range undefinedSlice {
		_ = v
	}
}
