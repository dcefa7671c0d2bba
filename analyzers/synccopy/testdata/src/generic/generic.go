// Package generic holds locks in generic containers.
package generic

import "sync"

// Box guards a value of any type.
type Box[T any] struct {
	mu sync.Mutex
	v  T
}

// Get locks a copy of the box.
func (b Box[T]) Get() T { // want `Get has a value receiver that copies b.mu \(sync.Mutex\): use a pointer receiver`
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.v
}

// Set is the correct shape.
func (b *Box[T]) Set(v T) {
	b.mu.Lock()
	b.v = v
	b.mu.Unlock()
}

// Peek copies a box of ints.
func Peek(b Box[int]) int { // want `Peek takes b by value, which copies b.mu \(sync.Mutex\) on every call: use a pointer \(\*Box\[int\]\)`
	return b.v
}

// PeekPtr reads through a pointer.
func PeekPtr(b *Box[int]) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.v
}

// Unwrap is generic over the element and still copies the lock.
func Unwrap[T any](b Box[T]) T { // want `Unwrap takes b by value, which copies b.mu`
	return b.v
}

// Ref holds a pointer to T: Ref[sync.Mutex] copies only the pointer.
type Ref[T any] struct{ p *T }

func Share(r Ref[sync.Mutex]) *sync.Mutex { return r.p }

// Map applies f to values of type T, which here has no lock.
func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

// Lockable is satisfied only by structs holding a mutex.
type Lockable interface {
	~struct {
		mu sync.Mutex
		n  int
	}
}

// Reset takes a lock-holding type parameter by value.
func Reset[L Lockable](l L) L { // want `Reset takes l by value, which copies l.mu \(sync.Mutex\) on every call: use a pointer \(\*L\)`
	var zero L
	return zero // want `returning zero copies zero.mu`
}

// ResetPtr takes a pointer.
func ResetPtr[L Lockable](l *L) {
	var zero L
	*l = zero // want `\*l = zero copies zero.mu`
}

// Locker-constrained type parameters are interfaces with methods only:
// any type, including pointers, may satisfy them.
func WithLock[L sync.Locker](l L, f func()) {
	l.Lock()
	defer l.Unlock()
	f()
}

// Boxes ranges over boxes by value.
func Boxes(bs []Box[string]) []string {
	var out []string
	for _, b := range bs { // want `range value b copies b.mu \(sync.Mutex\): range over indices or use \[\]\*Box\[string\]`
		out = append(out, b.v)
	}
	for i := range bs {
		out = append(out, bs[i].v)
	}
	return out
}
