// Package sharedwrite defines an Analyzer that reports variables written
// by several goroutines at once without synchronization.
//
// # Analyzer sharedwrite
//
// sharedwrite: report variables and maps written by several goroutines without a lock
//
// A goroutine started from a function literal that assigns to a variable
// it shares with other goroutines (n++, total += v, err = e,
// results = append(results, r), s.count++, m[k] = v, delete(m, k)) races
// with them unless something orders the writes. The analyzer reports such
// a write when another write of the same memory can run at the same time:
// the same goroutine started again before it is joined (a go statement,
// wg.Go or errgroup g.Go in a loop), a second goroutine started while the
// first may still run, or the spawning function itself writing after the
// spawn and before the join. A join is a Wait on, a receive from, or a
// range over a channel the goroutine refers to, a call handed such a
// WaitGroup or channel (waitTimeout(&wg, d)), or synctest.Wait; the
// control-flow graph decides what runs before it, so a loop that waits
// for each goroutine before starting the next, or leaves after starting
// one, is silent, and so is a write in the select case that received the
// goroutine's result, while a write in the timeout case is reported.
//
// Not reported: writes after a lock is taken in the goroutine's own
// statement lists and before it is released (any Lock, RLock, RWLock,
// TryLock or lock call, also in an if condition such as
// if !l.Lock(ctx) { return }, and a deferred Unlock); writes inside
// if atomic.CompareAndSwap(...) or if mu.TryLock(); writes between a send
// and a receive on a channel made with capacity 1; writes followed by a
// send on or close of a channel the goroutine received from first (a
// token ring) or by an atomic Store, Swap or CompareAndSwap (publication
// for a reader that loads it); sync/atomic operations and sync.Map, which
// are not assignments; per-goroutine slots, out[i] = v where i is the
// literal's parameter or local, a variable of the loop iteration (the
// loop variable itself from Go 1.22, or any variable declared in the loop
// body), or a call such as an atomic ticket; variables declared in the
// loop body, which each goroutine gets afresh; writes that happen before
// the goroutines start or after they are joined; a single goroutine
// writing; writes in a goroutine after a Wait, or after it received from
// a channel that the other writer sends on or closes.
//
// Deliberately out of scope: two different goroutines, or a goroutine and
// its spawner, are compared only on paths with constant indexes (res[0]
// and res[1] do not conflict, nor do two different fields). A read lock
// counts as a lock, although several writers can hold it. Writes inside function literals the goroutine
// calls (a helper that locks, once.Do, deferred closures) and inside
// methods or functions it calls are not examined, and neither are
// goroutines started from named functions (go s.run()), whose shared
// fields need lock-set analysis across functions.
//
// # Why it matters
//
// A read-modify-write such as n++ or x = append(x, v) from two goroutines
// loses updates: both read the old value and both store their own result.
// An error variable assigned by several goroutines keeps an arbitrary one
// of the errors, or a torn interface value. Concurrent writes to a map
// make the runtime abort the whole program with "fatal error: concurrent
// map writes", which recover cannot catch. The race detector finds these
// only when a test happens to run the goroutines at the same time.
//
// # Wrong
//
//	func fetchAll(urls []string) ([]Page, error) {
//		var (
//			pages []Page
//			err   error
//			wg    sync.WaitGroup
//		)
//		for _, u := range urls {
//			wg.Add(1)
//			go func() {
//				defer wg.Done()
//				p, e := fetch(u)
//				if e != nil {
//					err = e // several goroutines write err
//					return
//				}
//				pages = append(pages, p) // and pages
//			}()
//		}
//		wg.Wait()
//		return pages, err
//	}
//
// # Right
//
//	func fetchAll(urls []string) ([]Page, error) {
//		pages := make([]Page, len(urls))
//		g := new(errgroup.Group)
//		for i, u := range urls {
//			g.Go(func() error {
//				p, err := fetch(u)
//				pages[i] = p // each goroutine has its own slot
//				return err
//			})
//		}
//		return pages, g.Wait()
//	}
//
// # How to fix
//
// Give each goroutine its own slot (a pre-sized slice indexed by the loop
// variable), or send results on a channel that one goroutine collects, or
// guard the variable with a sync.Mutex held around every write, or use a
// sync/atomic type for counters. For errors, errgroup.Group keeps the
// first one. There is no suggested fix: which of these fits depends on
// the code.
//
// # Go versions
//
// All versions. Before Go 1.22 a loop variable is one variable for the
// whole loop, so out[i] = v with a captured loop variable i is not a
// per-goroutine slot there and is reported (loopcapture reports the
// capture itself); from Go 1.22 each iteration has its own i. The file's
// Go version decides. wg.Go, a spawn the analyzer recognises, and
// testing/synctest, whose Wait is a join, exist from Go 1.25.
package sharedwrite
