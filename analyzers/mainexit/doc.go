// Package mainexit defines an Analyzer that reports goroutines started by
// main or TestMain that the program exits under without waiting for them.
//
// # Analyzer mainexit
//
// mainexit: report goroutines that main or TestMain starts and then exits without waiting for
//
// When main returns, or main or TestMain calls os.Exit, the process ends
// at once: goroutines still running are stopped wherever they are, their
// output unprinted and their writes unflushed. The analyzer reports a go
// statement (or wg.Go, errgroup g.Go call) in the body of func main of
// package main, or of TestMain(m *testing.M), from which some path reaches
// a return, the end of the function, or os.Exit with a status that is not
// a constant error code, without passing anything that waits for that
// goroutine. It names the line where the program exits.
//
// Waiting is judged per goroutine. A receive from a channel, a range over
// one, or Wait on a WaitGroup or errgroup.Group that main creates waits
// for the goroutines that send on it, close it or count on it, and for the
// producers of what those goroutines receive (the feeder of a worker pool
// whose results main collects); it does not wait for a goroutine that only
// waits itself, such as one that calls wg.Wait and then prints. A
// receive from ctx.Done() waits for the context to be cancelled, not for
// the goroutines watching it to return. A loop whose body waits counts as
// waiting even though it might run zero times, and a deferred wait counts
// for returns but not for os.Exit, which skips deferred calls.
//
// To stay precise, anything the analyzer cannot see through counts as
// waiting for every goroutine: a call of a function value, an interface
// method, a function of another package outside a short list of standard
// packages that never wait (fmt's printing, strings, strconv, log, sync's
// locks, ...), a function of the same package that itself receives, waits
// or makes such a call, a channel or group main hands to a function or
// stores, receives from timers and signal channels, time.Sleep (the
// sleepsync analyzer's business), and m.Run. Goroutines that run for the
// life of the program by design are never reported: servers
// (ListenAndServe, Serve), loops over a ticker, functions that never
// return, and handlers whose first step waits for a channel nothing in
// main sends on or closes (<-sigc, <-ctx.Done()). Paths that end in panic,
// log.Fatal or os.Exit(1) are failures, not finished runs, and are not
// reported. Only goroutines whose body the analyzer can read (a function
// literal, or a function or method of the same package) are reported; a
// goroutine running another package's function or a function value may
// be a daemon. Goroutines started by functions main calls are not
// examined.
//
// # Why it matters
//
// The Go runtime does not wait for goroutines when main returns. A demo
// that prints from a goroutine prints nothing, a worker pool loses the
// jobs still in flight, and a "pipeline completed" message or a final
// flush never happens. It often works on a fast machine or under a
// debugger, and fails when the program runs for real.
//
// # Wrong
//
//	func main() {
//		var wg sync.WaitGroup
//		wg.Add(3)
//		go generate(nums, stage1, &wg)
//		go square(stage1, stage2, &wg)
//		go filter(stage2, out, &wg)
//
//		go func() { // reported: main returns while it still waits
//			wg.Wait()
//			fmt.Println("pipeline completed")
//		}()
//
//		for v := range out {
//			fmt.Println(v)
//		}
//	}
//
// # Right
//
//	func main() {
//		var wg sync.WaitGroup
//		wg.Add(3)
//		go generate(nums, stage1, &wg)
//		go square(stage1, stage2, &wg)
//		go filter(stage2, out, &wg)
//
//		for v := range out {
//			fmt.Println(v)
//		}
//		wg.Wait()
//		fmt.Println("pipeline completed")
//	}
//
// # How to fix
//
// Wait for the goroutine before main returns: count it on a
// sync.WaitGroup and call Wait, use wg.Go or an errgroup.Group, or have
// it close a done channel that main receives from. When main cancels a
// context to stop its workers, wait for them after cancelling. Call
// os.Exit only after waiting, since it skips deferred calls. There is no
// suggested fix: where the wait belongs depends on the program.
//
// # Go versions
//
// All Go versions: main's return has always ended the program without
// waiting for other goroutines. sync.WaitGroup.Go, recognised both as a
// spawn and as counting on its group, exists from Go 1.25.
package mainexit
