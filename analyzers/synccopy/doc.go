// Package synccopy defines an Analyzer that reports copies of values
// holding sync and sync/atomic types.
//
// # Analyzer synccopy
//
// synccopy: report copies of values holding a sync.Mutex, WaitGroup, Once or other lock
//
// The types of package sync (Mutex, RWMutex, WaitGroup, Once, Cond, Pool,
// Map) and the typed values of sync/atomic (Int32, Int64, Uint32, Uint64,
// Uintptr, Bool, Value, Pointer[T]) must not be copied after first use.
// Nor may a struct or array that holds one by value, at any depth, nor a
// type that follows the noCopy convention: a struct whose pointer has
// Lock() and Unlock() methods but whose value has not, or a struct that
// holds such a type. The analyzer reports every place that copies such a
// value: a value receiver or a value parameter of a function or function
// literal; an argument of a call, go or defer statement (including
// fmt.Println(mu) and other conversions to interfaces); a conversion;
// an assignment or var declaration, including x := *p; a range key or
// value; a returned value; an element of a composite literal; a value sent
// on a channel; copy(dst, src) and append(dst, src...) on slices of such
// values; and, from Go 1.22, a lock-holding variable declared by a for
// statement's init, which each iteration copies.
//
// It is silent where nothing in use is copied: composite literals and
// zero values (x := sync.Mutex{}, Counter{}), call results (c :=
// newCounter(), *newCounter()), new(T), addresses (&wg), assignments to
// the blank identifier, len, cap and unsafe.Sizeof, and types that hold a
// lock only behind a pointer, slice, map, channel or interface
// (struct{ mu *sync.Mutex }, []sync.Mutex, sync.Locker). It reports
// everything vet's copylocks reports, except _ = mu, which stores nothing,
// so it can replace copylocks under go vet -vettool; it adds atomic.Value,
// channel sends, and copy and append of slices.
//
// # Why it matters
//
// A copy of a lock is a second, independent lock. Two goroutines that each
// lock their own copy of a Counter do not exclude each other, so the
// counter races; Done on a copy of a WaitGroup never reaches the original,
// so Wait blocks forever; a copied Once runs its function again; a copied
// atomic counter silently forks. None of this fails to compile, and a copy
// made while the original is locked starts out locked.
//
// # Wrong
//
//	type Counter struct {
//		mu sync.Mutex
//		n  int
//	}
//
//	func (c Counter) Inc() { // locks and increments a copy
//		c.mu.Lock()
//		c.n++
//		c.mu.Unlock()
//	}
//
//	func worker(id int, wg sync.WaitGroup) {
//		defer wg.Done() // decrements the copy
//		process(id)
//	}
//
//	func run() {
//		var wg sync.WaitGroup
//		for i := range 4 {
//			wg.Add(1)
//			go worker(i, wg)
//		}
//		wg.Wait() // never returns
//	}
//
// # Right
//
//	func (c *Counter) Inc() {
//		c.mu.Lock()
//		c.n++
//		c.mu.Unlock()
//	}
//
//	func worker(id int, wg *sync.WaitGroup) {
//		defer wg.Done()
//		process(id)
//	}
//
//	func run() {
//		var wg sync.WaitGroup
//		for i := range 4 {
//			wg.Add(1)
//			go worker(i, &wg)
//		}
//		wg.Wait()
//	}
//
// # How to fix
//
// Share the lock instead of copying it: use pointer receivers on types
// that hold a lock, take and pass *T parameters (&wg), range over indices
// (for i := range counters { counters[i].Inc() }) or keep []*T, and store,
// return and send *T. Where a type must be copied, hold the lock through a
// pointer (mu *sync.Mutex) so that the copies share it. There is no
// suggested fix: changing a signature or a receiver changes every caller
// and every interface the type satisfies.
//
// # Go versions
//
// All versions. The generic atomic.Pointer[T] and the typed atomics
// (atomic.Int64 and friends) exist from Go 1.19. The for statement init
// case applies from Go 1.22, when each iteration got its own copy of the
// loop variables; it is checked against the file's Go version.
package synccopy
