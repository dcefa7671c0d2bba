// Package sleepsync defines an Analyzer that reports time.Sleep used to
// wait for goroutines instead of synchronising with them.
//
// # Analyzer sleepsync
//
// sleepsync: report time.Sleep used to wait for goroutines to finish or to be ready
//
// A function that starts goroutines and then sleeps, hoping they have
// finished their work (or that a server they run is listening) by the time
// it wakes, depends on the scheduler and the machine's load for its
// correctness. The analyzer reports a call of time.Sleep for a constant
// duration, outside any loop of its function, that some path reaches from
// a spawn without passing a join. A spawn is a go statement, a call of
// (*sync.WaitGroup).Go or (*errgroup.Group).Go, or a call of a function,
// in the same or another package, whose own body starts goroutines and
// can return without joining them (startWorkers(), srv.Start()). A join
// is a call of Wait on a WaitGroup, errgroup.Group, sync.Cond or any
// interface, synctest.Wait, a receive from a channel (expression,
// assignment, for range, or a select without default), a loop that polls
// a condition with time.Sleep (a for loop, or one made with goto), or a
// call of a function that does one of these, itself or at most two calls
// deep in its package, such as a pool's Drain that waits on its WaitGroup. Receives from timers, tickers,
// ctx.Done() and signal.Notify channels wait for time or the outside
// world, not for goroutines, and are not joins. Shutdown and Close are not
// joins either: they tell a server to stop but do not wait for the
// goroutine serving it to return.
//
// If a dial (net.Dial, http.Get, an http.Client's Do, grpc.Dial, ...)
// follows the sleep, the sleep waits for a server to come up and is
// reported whatever follows the dial, unless a listener was bound before
// the sleep and not closed again, after which dials succeed anyway: by
// net.Listen or httptest.NewServer, or by a function that returns with
// a listener bound, such as a constructor New(opts) that calls
// net.Listen, found through calls in the package however deep and
// through facts across packages. A function that closes the listener it
// bound before returning, as a free-port finder does, binds nothing.
// Otherwise the sleep is reported only when nothing after it
// settles the goroutines: no join, no deferred or t.Cleanup join, no
// closure returned to the caller that joins, no stop signal (a context's
// cancel function, closing a chan struct{} or chan bool, Stop, Shutdown or
// GracefulStop, Close on a type that has Shutdown or Serve, or calling a
// function a call returned, as in stop := startTicker(); ...; stop()),
// since a sleep before a stop decides how long the goroutines run; no
// deferred or t.Cleanup stop (defer cancel(), defer close(quit), defer
// s.Stop()) after a sleep that is the function's last step, which decides
// it in the same way, unless what it stops was already stopped, or its
// context seen done, before the sleep; no further spawn, since a sleep
// between spawns staggers them; and no later sleep, which is the one
// reported. Code between the sleep and a deferred stop runs while the
// goroutines still run, so a check there of what they did (a count, a
// gauge, a pool's stats) is what the sleep waits for; and in main the
// program exits as soon as the deferred stop has run, so the stop decides
// nothing and a grace sleep before the exit is reported.
//
// Nor is a sleep reported that waits for a timeout to expire rather than
// for a goroutine: one no shorter than a constant timeout given, on a
// path to it, to code that measures that duration against the clock. A
// duration parameter, variable or struct field arms a clock when it
// reaches time.Now().Add, a comparison with time.Since, time.Until or
// Time.Sub, time.AfterFunc, time.NewTimer, time.After, Timer.Reset or
// context.WithTimeout, directly or through assignments and fields, in
// the package or, by facts, in the one it imports. So a test that gives
// a cache a 50ms TTL, sleeps 100ms and checks the entry expired is
// silent, while a sleep after a delay the code sleeps, or a period it
// ticks, is still reported: waiting out those is waiting for a goroutine.
// So is a sleep past a timeout after which the function reads a variable
// that a goroutine it started itself changes, such as votes counted by
// go func() { for range ch { n++ } }(): no timeout makes that output
// ready.
//
// A goroutine that serves (ListenAndServe, Serve), loops with no
// condition or ranges over a channel the function never closes, and was
// not told to stop before the sleep, does not finish on its own: the
// message then says the sleep waits until it is ready and advises a
// ready signal, since a WaitGroup's Wait would block forever.
//
// Never reported: sleeps inside loops (retry backoff, polling loops such
// as for !ready() { time.Sleep(d) }, spawn-and-sleep pacing such as
// for { go tick(); time.Sleep(d) }); sleeps in the body of a goroutine
// (simulated work, pacing); sleeps for a computed or configured duration
// (time.Sleep(d)), which are deliberate; sleeps that no spawn reaches;
// sleeps in a synctest bubble, where time.Sleep returns only once the
// bubble's other goroutines are blocked (functions passed to synctest.Test
// or synctest.Run, directly or through helpers of the package that pass
// their function parameter on); and the time package's own tests. The
// standard library's own goroutines (exec.Cmd.Start's output copiers,
// signal.NotifyContext, pprof.StartCPUProfile, sql.OpenDB, ...) do not
// make their callers spawns.
//
// # Why it matters
//
// A sleep is not a happens-before edge. A goroutine that has not been
// scheduled, or that is slower on a loaded CI machine, is still running
// when the sleep ends: main returns and its output is lost, a test reads
// a result that is not written yet (a data race, and a flaky test), or a
// client dials a server that is not listening yet. The sleep also makes
// the fast case slow, since it always waits the full duration.
//
// # Wrong
//
//	func main() {
//		for i := 1; i <= 3; i++ {
//			go worker(i)
//		}
//		time.Sleep(time.Second) // hope the workers are done
//	}
//
//	func TestServer(t *testing.T) {
//		srv := &http.Server{Addr: "localhost:8080", Handler: newHandler()}
//		go srv.ListenAndServe()
//		time.Sleep(100 * time.Millisecond) // hope it is listening
//		resp, err := http.Get("http://localhost:8080/health")
//		...
//	}
//
// # Right
//
//	func main() {
//		var wg sync.WaitGroup
//		for i := 1; i <= 3; i++ {
//			wg.Go(func() { worker(i) })
//		}
//		wg.Wait()
//	}
//
//	func TestServer(t *testing.T) {
//		ln, err := net.Listen("tcp", "localhost:0")
//		if err != nil {
//			t.Fatal(err)
//		}
//		srv := &http.Server{Handler: newHandler()}
//		go srv.Serve(ln) // dials succeed from here on
//		resp, err := http.Get("http://" + ln.Addr().String() + "/health")
//		...
//	}
//
// # How to fix
//
// Replace the sleep with a real join: a sync.WaitGroup the goroutines
// call Done on (or start them with wg.Go), an errgroup.Group, or a
// channel they close or send their results on. A goroutine that runs
// until stopped never finishes, so have it close or send on a channel
// once it is ready (or has handled what the test sent it) instead. To wait until a server is
// ready, bind its listener with net.Listen before starting the goroutine
// that serves it, use httptest.NewServer, or have the goroutine signal
// readiness on a channel. If the goroutine must be stopped, cancel its
// context and then wait for it. There is no suggested fix: which join is
// right depends on what the goroutines do, so no rewrite is mechanical.
//
// # Go versions
//
// All versions. (*sync.WaitGroup).Go, a spawn the analyzer recognises,
// exists from Go 1.25; nothing else depends on the version.
package sleepsync
