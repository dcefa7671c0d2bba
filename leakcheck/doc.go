// Package leakcheck finds goroutines that tests, benchmarks and programs leave
// behind: still blocked on a channel, a lock or a WaitGroup after the code that
// started them is done.
//
// # In tests
//
// Call Check first thing in a test. It records the goroutines alive now and,
// when the test ends, reports the ones the test started that are still alive:
//
//	func TestFetch(t *testing.T) {
//		leakcheck.Check(t)
//		...
//	}
//
// Goroutines that are merely finishing are given time: the check retries with
// backoff for up to DefaultTimeout (see the Timeout option) before it reports.
//
// Check is safe in parallel tests. It answers only for goroutines descended
// from the test's own goroutine, following the "created by ... in goroutine N"
// links of a goroutine dump, so a leaking t.Parallel test is blamed and its
// siblings are not. When a goroutine's creator has already exited, the link
// is broken: a test running alone still answers for such a goroutine, but
// among parallel tests none can be sure, so the check logs it instead. Run
// the tests with GODEBUG=tracebackancestors=100 (it must be set before the
// binary starts) and the runtime keeps every goroutine's ancestry, which
// Check then follows.
//
// For a whole test binary, Main runs the tests and then fails the binary if
// any goroutine started during them is left:
//
//	func TestMain(m *testing.M) { leakcheck.Main(m) }
//
// # Reports
//
// Identical leaks (same blocking operation, blocking line and go statement)
// are grouped with a count. Each group names the blocking operation as the
// runtime does ("chan send", "select", "sync.WaitGroup.Wait", ...) and how
// long it was seen blocked, the function it is blocked in, the first frame
// of user code (outside runtime, sync, internal and testing), the go
// statement that created it, and one full stack:
//
//	leakcheck: 1 leaked goroutine(s) in 1 group(s):
//
//	1 goroutine blocked in chan send for 2s
//	    in example.com/fetch.Fetch.func1 at /src/fetch.go:31
//	    created at /src/fetch.go:29 (example.com/fetch.Fetch)
//	    goroutine 23:
//	        example.com/fetch.Fetch.func1
//	            /src/fetch.go:31
//
// Goroutines of the testing package, os/signal and the runtime's signal
// handling are never reported; IgnoreTopFunction and IgnoreCreatedBy add to
// that list.
//
// # Definite leaks
//
// Built with GOEXPERIMENT=goroutineleakprofile (Go 1.26), the runtime's
// garbage collector can prove that a goroutine blocked on channels, locks or
// WaitGroups that nothing else can reach will never run again. Before it
// reports, a check then runs that detection (the goroutineleak profile) and
// marks such groups "definite leak"; the others may only be slow. Without
// the experiment, checks work as above.
package leakcheck
