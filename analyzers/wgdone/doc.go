// Package wgdone defines an Analyzer that reports goroutines whose
// WaitGroup.Done calls do not match the count: an early return that skips
// Done, a Done called twice, and an Add(n) that counts a different number
// of goroutines than follow it.
//
// # Analyzer wgdone
//
// wgdone: report goroutines that skip or repeat wg.Done, and Add(n) that miscounts them
//
// For each goroutine (a function literal, a closure stored in a local
// variable, or a named function or method handed the WaitGroup) the
// analyzer follows every path through the goroutine's body to a return,
// over the control-flow graph in which calls that never return (panic,
// os.Exit, log.Fatal, t.Fatal) end the path. A deferred Done covers every
// return after it. It reports an explicit return reached without Done when
// other paths do call it, and a Done reached on a path that has already
// called Done or deferred it. A named function's behaviour is recorded in
// a fact, so a go statement is reported when the function is in another
// package; a Done made through a helper that always calls it counts as a
// Done. It also reports wg.Add(n), n a constant, on a WaitGroup local to
// the function, when the go statements that follow it in the same
// statement list, up to wg.Wait, start k != n goroutines that call Done.
//
// Not reported: a Done in a loop (one Done per item of work, counted with
// Add(len(items))); a path through code the WaitGroup escapes to (an
// interface method, a function value, a callback, a new goroutine, a
// condition on the WaitGroup such as wg != nil) or through an Add in the
// goroutine itself; goroutines that never return, such as server loops;
// the end of a body where the Done is conditional without an early return
// (a flag saying whether the goroutine was counted); two plain Dones on one
// path unless the spawner counted the goroutine with Add(1) just before
// starting it; wg.Go and errgroup, which count for you; Add(len(x)) and
// Add(1) per go statement in a loop; and an Add whose WaitGroup is a
// field, a parameter or a package variable, or is handed to anything but
// the goroutines, since other code may balance it.
//
// # Why it matters
//
// Wait returns when the counter reaches zero. A goroutine that returns
// early without Done leaves the counter above zero, so Wait blocks forever
// and the program, handler or test hangs with no error; it shows up only
// when the error path is taken. One Done too many, or an Add smaller than
// the number of goroutines, makes the counter negative, which panics with
// "sync: negative WaitGroup counter", or lets Wait return while a
// goroutine is still running. An Add larger than the number of goroutines
// blocks Wait forever.
//
// # Wrong
//
//	func fetchAll(urls []string) []Page {
//		pages := make([]Page, len(urls))
//		var wg sync.WaitGroup
//		for i, u := range urls {
//			wg.Add(1)
//			go func() {
//				p, err := fetch(u)
//				if err != nil {
//					log.Print(err)
//					return // Done skipped: Wait blocks forever
//				}
//				pages[i] = p
//				wg.Done()
//			}()
//		}
//		wg.Wait()
//		return pages
//	}
//
//	wg.Add(3) // only two goroutines follow
//	go produce(&wg, jobs)
//	go consume(&wg, jobs)
//	wg.Wait()
//
// # Right
//
//	func fetchAll(urls []string) []Page {
//		pages := make([]Page, len(urls))
//		var wg sync.WaitGroup
//		for i, u := range urls {
//			wg.Add(1)
//			go func() {
//				defer wg.Done()
//				p, err := fetch(u)
//				if err != nil {
//					log.Print(err)
//					return
//				}
//				pages[i] = p
//			}()
//		}
//		wg.Wait()
//		return pages
//	}
//
//	wg.Add(2)
//	go produce(&wg, jobs)
//	go consume(&wg, jobs)
//	wg.Wait()
//
// # How to fix
//
// Make defer wg.Done() the first statement of the goroutine and remove the
// other Done calls: it runs on every return and on panics, exactly once.
// When the goroutine is a function literal whose only Done is its last
// statement and that defers nothing else, a suggested fix does exactly
// that. When Done ends a stage and the goroutine goes on working after it
// (a ready signal before serving), a deferred Done would make Wait wait
// for that work too: the message then says to call Done before the early
// return, and the suggested fix inserts it there. For a miscounted Add, make n equal to the number of goroutines, or
// call Add(1) just before each go statement; with Go 1.25 or later,
// wg.Go(f) does the Add and the Done for you.
//
// # Go versions
//
// The mistakes are the same in every Go version. Go 1.25 added
// (*sync.WaitGroup).Go, which has no Done to get wrong; goroutines it
// starts are still checked for Done calls on other WaitGroups.
package wgdone
