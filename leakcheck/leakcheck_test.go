package leakcheck

import (
	"bytes"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeT records what a check reports, so a test can assert on a leak
// without failing itself.
type fakeT struct {
	testing.TB
	mu       sync.Mutex
	errors   []string
	logs     []string
	cleanups []func()
}

func (f *fakeT) Helper()           {}
func (f *fakeT) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }
func (f *fakeT) Logf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logs = append(f.logs, sprintf(format, args...))
}
func (f *fakeT) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, sprintf(format, args...))
}

// finish runs the cleanups as the testing package does at the test's end.
func (f *fakeT) finish() string {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.errors, "\n")
}

// lineOf returns the line of this file that holds marker.
func lineOf(t *testing.T, marker string) int {
	t.Helper()
	src, err := os.ReadFile("leakcheck_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, marker) && !strings.Contains(l, "lineOf(") {
			return i + 1
		}
	}
	t.Fatalf("marker %q not found", marker)
	return 0
}

// awaitState waits until a goroutine running fn (such as
// "leakcheck.abandonedSend.func1") is parked in state (such as "chan
// send"). On a loaded machine a leaking goroutine can still be sleeping or
// runnable on its way to the line where it blocks when a short check
// gives up, and the report then shows that state instead.
func awaitState(t testing.TB, fn, state string) {
	t.Helper()
	buf := make([]byte, 1<<20)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		n := runtime.Stack(buf, true)
		for _, g := range strings.Split(string(buf[:n]), "\n\n") {
			header, _, _ := strings.Cut(g, "\n")
			if strings.Contains(g, "/leakcheck."+fn+"(") || strings.Contains(g, "\ngithub.com/golint-conc/golint-conc/leakcheck."+fn+"(") {
				if strings.Contains(header, "["+state) {
					return
				}
			}
		}
	}
	t.Fatalf("no goroutine in %s reached state %q within 10s", fn, state)
}

// The leaking shapes. Each starts a goroutine that blocks, marks the line
// where it blocks and the go statement, and returns a func that unblocks it
// so that it does not leak into later tests.

func abandonedSend() (release func()) {
	results := make(chan int)
	go func() { // created: abandonedSend
		time.Sleep(20 * time.Millisecond) // the slow lookup
		results <- 42                     // blocks: abandonedSend
	}()
	deadline := make(chan struct{})
	close(deadline) // the caller's deadline has passed
	received := false
	select {
	case <-results:
		received = true
	case <-deadline:
	}
	return func() {
		if !received {
			<-results
		}
	}
}

func receiveNeverSent() (release func()) {
	reply := make(chan string)
	go func() { // created: receiveNeverSent
		<-reply // blocks: receiveNeverSent
	}()
	return func() { close(reply) }
}

func rangeNeverClosed() (release func()) {
	jobs := make(chan int)
	go func() { // created: rangeNeverClosed
		for j := range jobs { // blocks: rangeNeverClosed
			_ = j
		}
	}()
	jobs <- 1
	jobs <- 2
	return func() { close(jobs) }
}

func waitGroupNeverDone() (release func()) {
	var wg sync.WaitGroup
	wg.Add(2)
	go wg.Done()
	done := make(chan struct{})
	go func() { // created: waitGroupNeverDone
		wg.Wait() // blocks: waitGroupNeverDone
		close(done)
	}()
	return func() { wg.Done(); <-done }
}

func mutexNeverUnlocked() (release func()) {
	var mu sync.Mutex
	mu.Lock()
	done := make(chan struct{})
	go func() { // created: mutexNeverUnlocked
		mu.Lock() // blocks: mutexNeverUnlocked
		mu.Unlock()
		close(done)
	}()
	return func() { mu.Unlock(); <-done }
}

func selectNothingReady() (release func()) {
	stop, tick := make(chan struct{}), make(chan int)
	go func() { // created: selectNothingReady
		select { // blocks: selectNothingReady
		case <-stop:
		case <-tick:
		}
	}()
	return func() { close(stop) }
}

func TestLeakShapes(t *testing.T) {
	for _, c := range []struct {
		name  string
		leak  func() func()
		state string
	}{
		{"abandonedSend", abandonedSend, "chan send"},
		{"receiveNeverSent", receiveNeverSent, "chan receive"},
		{"rangeNeverClosed", rangeNeverClosed, "chan receive"},
		{"waitGroupNeverDone", waitGroupNeverDone, "sync.WaitGroup.Wait"},
		{"mutexNeverUnlocked", mutexNeverUnlocked, "sync.Mutex.Lock"},
		{"selectNothingReady", selectNothingReady, "select"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &fakeT{}
			Check(f, Timeout(200*time.Millisecond))
			release := c.leak()
			awaitState(t, c.name+".func1", c.state)
			got := f.finish()
			release()

			blocks := lineOf(t, "// blocks: "+c.name)
			created := lineOf(t, "// created: "+c.name)
			for _, want := range []string{
				"1 goroutine blocked in " + c.state + " for ",
				"leakcheck." + c.name + ".func1",
				"leakcheck_test.go:" + itoa(blocks),
				"created at ",
				"leakcheck_test.go:" + itoa(created) + " (github.com/golint-conc/golint-conc/leakcheck." + c.name + ")",
			} {
				if !strings.Contains(got, want) {
					t.Errorf("report lacks %q:\n%s", want, got)
				}
			}
		})
	}
}

func TestLeakFields(t *testing.T) {
	s := Take(Timeout(100 * time.Millisecond))
	release := waitGroupNeverDone()
	defer release()
	leaks := s.Find()
	if len(leaks) != 1 {
		t.Fatalf("got %d groups, want 1: %v", len(leaks), leaks)
	}
	l := leaks[0]
	if l.State != "sync.WaitGroup.Wait" || l.Top != "sync.runtime_SemacquireWaitGroup" ||
		!strings.HasSuffix(l.BlockedAt.Func, "waitGroupNeverDone.func1") ||
		l.BlockedAt.Line != lineOf(t, "// blocks: waitGroupNeverDone") ||
		!strings.HasSuffix(l.CreatedAt.Func, "leakcheck.waitGroupNeverDone") ||
		l.Waited < 50*time.Millisecond || len(l.IDs) != 1 {
		t.Errorf("leak %+v", l)
	}
}

func TestGroupsIdenticalLeaks(t *testing.T) {
	f := &fakeT{}
	Check(f, Timeout(100*time.Millisecond))
	var releases []func()
	for range 5 {
		releases = append(releases, receiveNeverSent())
	}
	releases = append(releases, selectNothingReady())
	got := f.finish()
	for _, r := range releases {
		r()
	}
	if !strings.Contains(got, "6 leaked goroutine(s) in 2 group(s)") ||
		!strings.Contains(got, "5 goroutines blocked in chan receive") ||
		!strings.Contains(got, "1 goroutine blocked in select") {
		t.Errorf("report:\n%s", got)
	}
}

func TestCleanTestsPass(t *testing.T) {
	f := &fakeT{}
	Check(f)
	results := make(chan int, 1)
	go func() { results <- 42 }()
	<-results
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { time.Sleep(time.Millisecond) })
	}
	wg.Wait()
	if got := f.finish(); got != "" {
		t.Errorf("clean test reported:\n%s", got)
	}
}

func TestFinishingWithinGracePeriod(t *testing.T) {
	f := &fakeT{}
	Check(f, Timeout(2*time.Second))
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-stop
	}()
	// The goroutine is still blocked when the check starts and ends soon
	// after: the retries must wait for it.
	time.AfterFunc(100*time.Millisecond, func() { close(stop) })
	if got := f.finish(); got != "" {
		t.Errorf("goroutine ending within the grace period reported:\n%s", got)
	}
	<-done
}

func TestIgnoreOptions(t *testing.T) {
	f := &fakeT{}
	Check(f, Timeout(50*time.Millisecond),
		IgnoreCreatedBy("github.com/golint-conc/golint-conc/leakcheck.receiveNeverSent"),
		IgnoreTopFunction("github.com/golint-conc/golint-conc/leakcheck.selectNothingReady.func1"))
	r1, r2 := receiveNeverSent(), selectNothingReady()
	got := f.finish()
	r1()
	r2()
	if got != "" {
		t.Errorf("ignored goroutines reported:\n%s", got)
	}
}

// An intermediate goroutine that exits leaves its child without a live
// creator: a test running alone still answers for it.
func TestOrphanBlamedWhenAlone(t *testing.T) {
	f := &fakeT{}
	Check(f, Timeout(100*time.Millisecond))
	released := make(chan func())
	go func() { released <- receiveNeverSent() }()
	release := <-released
	got := f.finish()
	release()
	if !strings.Contains(got, "1 goroutine blocked in chan receive") {
		t.Errorf("orphan not reported:\n%s", got)
	}
}

// A leaking parallel test is blamed; its clean siblings, whose checks run at
// the same time, are not.
func TestParallelAttribution(t *testing.T) {
	const clean = 3
	var mu sync.Mutex
	reports := map[string]string{}
	// Meet before checking so the checks overlap, but only as far as
	// -parallel lets the tests run together.
	var arrived atomic.Int32
	allIn := make(chan struct{})
	t.Run("group", func(t *testing.T) {
		run := func(name string, leak bool) {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				f := &fakeT{}
				Check(f, Timeout(300*time.Millisecond))
				var release func()
				if leak {
					release = abandonedSend()
				} else {
					done := make(chan struct{})
					go func() { time.Sleep(5 * time.Millisecond); close(done) }()
					defer func() { <-done }()
				}
				if arrived.Add(1) == clean+1 {
					close(allIn)
				}
				select {
				case <-allIn:
				case <-time.After(500 * time.Millisecond):
				}
				got := f.finish()
				if release != nil {
					release()
				}
				mu.Lock()
				reports[name] = got
				mu.Unlock()
			})
		}
		run("leaky", true)
		for i := range clean {
			run("clean"+itoa(i), false)
		}
	})
	if !strings.Contains(reports["leaky"], "blocked in chan send") {
		t.Errorf("leaky parallel test not blamed:\n%s", reports["leaky"])
	}
	for i := range clean {
		if r := reports["clean"+itoa(i)]; r != "" {
			t.Errorf("clean parallel test clean%d blamed:\n%s", i, r)
		}
	}
}

func TestVerifyNone(t *testing.T) {
	f := &fakeT{}
	release := selectNothingReady()
	VerifyNone(f, Timeout(50*time.Millisecond))
	release()
	if !strings.Contains(strings.Join(f.errors, ""), "blocked in select") {
		t.Errorf("VerifyNone missed a leak: %q", f.errors)
	}
	f = &fakeT{}
	VerifyNone(f, Timeout(50*time.Millisecond))
	if len(f.errors) > 0 {
		t.Errorf("VerifyNone on a clean test: %q", f.errors)
	}
}

type fakeM struct{ run func() int }

func (m fakeM) Run() int { return m.run() }

func TestMainExitCode(t *testing.T) {
	var release func()
	var out bytes.Buffer
	code := runMain(fakeM{func() int { release = mutexNeverUnlocked(); return 0 }}, &out, []Option{Timeout(50 * time.Millisecond)})
	release()
	if code != 1 || !strings.Contains(out.String(), "blocked in sync.Mutex.Lock") {
		t.Errorf("leaking run: code %d, output:\n%s", code, out.String())
	}
	out.Reset()
	if code := runMain(fakeM{func() int { return 0 }}, &out, nil); code != 0 || out.Len() > 0 {
		t.Errorf("clean run: code %d, output:\n%s", code, out.String())
	}
	if code := runMain(fakeM{func() int { return 2 }}, &out, nil); code != 2 {
		t.Errorf("failing run: code %d, want the tests' own 2", code)
	}
}
