// Package waitgroupadd defines an Analyzer that reports calls of
// (*sync.WaitGroup).Add made inside the goroutine the Add is meant to count.
//
// # Analyzer waitgroupadd
//
// waitgroupadd: report WaitGroup.Add called inside the goroutine it counts
//
// A goroutine that calls Add on a WaitGroup and later calls Done on the
// same WaitGroup (compared by access path, such as wg or s.wg; the Done
// deferred or not) counts itself from the inside, so Add races with Wait.
// The Add is found anywhere in the goroutine's own body, not only as its
// first statement. The goroutine may be a function literal, a closure
// stored in a local variable and started later, or a named function or
// method started as go worker(&wg) or go s.run(); for these a fact
// records which parameter or receiver field the function Adds to, so the
// go statement is reported even when the function is in another package.
//
// Not reported: a goroutine that is already counted and Adds for the
// children it starts next (the Add is followed by a go statement, or by a
// call that starts a goroutine or is handed the WaitGroup, as in a
// recursive crawler); a helper that Adds and then starts the goroutine;
// an Add on a different WaitGroup from the one the goroutine calls Done
// on, or on a WaitGroup local to the goroutine; a goroutine the spawner
// has already counted with an Add just before starting it, or that was
// started with wg.Go on the same WaitGroup; and a function that Adds on
// a parameter but is called synchronously.
//
// go vet's waitgroup check reports only an Add that is the first
// statement of a function literal; this analyzer covers the rest. It does
// not follow a Done or an Add into functions the goroutine calls
// synchronously, and it does not look for Add after Wait in general,
// which needs happens-before reasoning.
//
// # Why it matters
//
// Wait returns as soon as the counter is zero. If the new goroutine
// increments the counter itself, nothing orders its Add before the Wait in
// the spawning goroutine: Wait may see zero and return while the goroutine
// has not yet started, so the caller reads results that are still being
// written, closes a channel the goroutine will send on, or returns from a
// test before the work is done. The race detector reports it only on the
// rare runs where the scheduler picks the bad order, and if the WaitGroup
// is reused the late Add can also panic with "WaitGroup is reused before
// previous Wait has returned".
//
// # Wrong
//
//	func (p *Pool) Run(jobs <-chan Job) {
//		for i := 0; i < p.size; i++ {
//			go func() {
//				p.wg.Add(1) // races with p.wg.Wait in Close
//				defer p.wg.Done()
//				for j := range jobs {
//					p.handle(j)
//				}
//			}()
//		}
//	}
//
//	func fetch(wg *sync.WaitGroup, url string) {
//		wg.Add(1)
//		defer wg.Done()
//		get(url)
//	}
//
//	go fetch(&wg, url) // fetch Adds inside the goroutine it runs in
//
// # Right
//
//	func (p *Pool) Run(jobs <-chan Job) {
//		for i := 0; i < p.size; i++ {
//			p.wg.Add(1)
//			go func() {
//				defer p.wg.Done()
//				for j := range jobs {
//					p.handle(j)
//				}
//			}()
//		}
//	}
//
//	func fetch(wg *sync.WaitGroup, url string) {
//		defer wg.Done()
//		get(url)
//	}
//
//	wg.Add(1)
//	go fetch(&wg, url)
//
// # How to fix
//
// Call Add in the spawning goroutine, before the go statement (or before
// the wg.Go or errgroup Go call), and leave only Done in the new goroutine.
// When the goroutine is a function literal whose Add has a constant
// argument and runs unconditionally, a suggested fix moves the Add to its
// own line just before the go statement. With Go 1.25 or later,
// wg.Go(func() { ... }) does the Add and the Done for you.
//
// # Go versions
//
// The race exists in every Go version. The analyzer also looks inside
// functions started with (*sync.WaitGroup).Go, added in Go 1.25, and with
// errgroup's Group.Go, which count their goroutines themselves but not a
// second WaitGroup the goroutine Adds to.
package waitgroupadd
