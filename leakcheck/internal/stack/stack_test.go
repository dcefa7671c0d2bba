package stack

import (
	"runtime"
	"strings"
	"sync"
	"testing"
)

// parked starts a goroutine blocked in block until release is called, and
// returns its ID as the dump shows it.
func parked(t *testing.T, block func(release <-chan struct{})) (release func()) {
	t.Helper()
	ch := make(chan struct{})
	started := make(chan int64)
	done := make(chan struct{})
	go func() {
		defer close(done)
		started <- SelfID()
		block(ch)
	}()
	<-started
	var once sync.Once
	release = func() {
		once.Do(func() { close(ch) })
		<-done
	}
	t.Cleanup(release)
	return release
}

func find(t *testing.T, gs []Goroutine, id int64) *Goroutine {
	t.Helper()
	for i := range gs {
		if gs[i].ID == id {
			return &gs[i]
		}
	}
	t.Fatalf("goroutine %d not in dump", id)
	return nil
}

// waitState dumps until goroutine id shows state (it may still be on its
// way to blocking).
func waitState(t *testing.T, id int64, state string) *Goroutine {
	t.Helper()
	for range 2000 {
		gs := Current()
		for i := range gs {
			if gs[i].ID == id && gs[i].State == state {
				return &gs[i]
			}
		}
		runtime.Gosched()
	}
	t.Fatalf("goroutine %d never reached %q:\n%s", id, state, All())
	return nil
}

func TestRealDump(t *testing.T) {
	self := SelfID()
	var mu sync.Mutex
	var wg sync.WaitGroup
	cases := []struct {
		state string
		block func(release <-chan struct{})
	}{
		{"chan receive", func(r <-chan struct{}) { <-r }},
		{"select", func(r <-chan struct{}) {
			other := make(chan int)
			select {
			case <-r:
			case <-other:
			}
		}},
		{"sync.Mutex.Lock", func(r <-chan struct{}) {
			mu.Lock()
			mu.Unlock()
		}},
		{"sync.WaitGroup.Wait", func(r <-chan struct{}) { wg.Wait() }},
	}
	mu.Lock()
	wg.Add(1)
	var releases []func()
	for _, c := range cases {
		var id int64
		idc := make(chan int64, 1)
		rel := parked(t, func(r <-chan struct{}) { idc <- SelfID(); c.block(r) })
		id = <-idc
		releases = append(releases, rel)
		g := waitState(t, id, c.state)
		if g.CreatorID == 0 {
			t.Errorf("%s: no creator", c.state)
		}
		if !strings.HasSuffix(g.CreatedBy.File, "stack_test.go") || g.CreatedBy.Line == 0 {
			t.Errorf("%s: created by %+v", c.state, g.CreatedBy)
		}
		if len(g.Frames) == 0 || g.Frames[len(g.Frames)-1].File == "" {
			t.Errorf("%s: frames %+v", c.state, g.Frames)
		}
	}
	gs := Current()
	me := find(t, gs, self)
	if me.State != "running" {
		t.Errorf("own state %q, want running", me.State)
	}
	if !strings.HasSuffix(me.Frames[0].Func, "stack.All") && !strings.HasPrefix(me.Frames[0].Func, "runtime.") {
		t.Errorf("own top frame %q", me.Frames[0].Func)
	}
	if !me.HasFunc("github.com/golint-conc/golint-conc/leakcheck/internal/stack.TestRealDump") {
		t.Errorf("own stack lacks the test function: %+v", me.Frames)
	}
	if g1 := find(t, gs, 1); g1.CreatorID != 0 || g1.CreatedBy.Func != "" {
		t.Errorf("goroutine 1 has a creator: %+v", g1.CreatedBy)
	}
	mu.Unlock()
	wg.Done()
	for _, r := range releases {
		r()
	}
}

const oddDump = `panic: boom

goroutine 1 gp=0xc000002380 m=0 mp=0x5a1e20 [running, locked to thread]:
main.main()
	/src/main.go:9 +0x1d

goroutine 7 [chan send, 12 minutes]:
main.(*Server).worker(0xc00001c0c0, {0x4b2e80, 0xc000012345})
	/src/server.go:40 +0x45
created by main.(*Server).Start in goroutine 1
	/src/server.go:20 +0x8f

goroutine 8 [chan receive (nil chan)]:
main.blocked[...](...)
	/src/generic.go:5
main.main.func1()
	/src/main.go:12 +0x25
created by main.main in goroutine 1
	/src/main.go:11 +0x6a

goroutine 9 [IO wait, 3 minutes, locked to thread]:
internal/poll.runtime_pollWait(0x7f, 0x72)
	/go/src/runtime/netpoll.go:351 +0x85
...12 frames elided...
net.(*conn).Read(0xc000014010, {0xc000200000, 0x1000, 0x1000})
	/go/src/net/net.go:194 +0x45
created by net/http.(*Server).Serve in goroutine 7
	/go/src/net/http/server.go:3454 +0x485

goroutine 10 [syscall]:
syscall.Syscall6(0xe8, 0x4, 0xc000, 0x80, 0xffffffffffffffff, 0x0, 0x0)
	/go/src/syscall/syscall_linux.go:95 +0x39
created by os/signal.Notify.func1.1 in goroutine 1
	/go/src/os/signal/signal.go:151 +0x1f

goroutine 11 [select (no cases) (durable), synctest bubble 3]:
main.idle()
	/src/idle.go:3 +0x18
created by main.run in goroutine 1
	/src/run.go:8 +0x3a

goroutine 12 [chan send (leaked) labels:{"k": "v"}]:
main.leak()
	/src/leak.go:5 +0x2b
created by main.run in goroutine 40
	/src/run.go:9 +0x3a
[originating from goroutine 40]:
main.run(...)
	/src/run.go:9 +0x3a
created by main.main
	/src/main.go:20 +0x1f
[originating from goroutine 1]:
main.main(...)
	/src/main.go:20 +0x1f
...additional frames elided...

goroutine 13 [running]:
	goroutine running on other thread; stack unavailable
created by main.main in goroutine 1
	/src/main.go:30 +0x1a

goroutine 14 [sync.WaitGroup.Wait]:
sync.runtime_SemacquireWaitGroup(0xc000010100?, 0x0?)
	/go/src/runtime/sema.go:114 +0x2e
sync.(*WaitGroup).Wait(0xc000010100)
	/go/src/sync/waitgroup.go:206 +0x85
main.waiter(...)
	/src/wait.go:7
...additional frames elided...
created by main.main in goroutine 1
	/src/main.go:31 +0x1a
`

func TestOddDump(t *testing.T) {
	gs := Parse([]byte(oddDump))
	if len(gs) != 9 {
		t.Fatalf("parsed %d goroutines, want 9: %+v", len(gs), gs)
	}
	want := []struct {
		id      int64
		state   string
		minutes int
		locked  bool
		top     string
		creator int64
		created string
	}{
		{1, "running", 0, true, "main.main", 0, ""},
		{7, "chan send", 12, false, "main.(*Server).worker", 1, "/src/server.go:20"},
		{8, "chan receive (nil chan)", 0, false, "main.blocked[...]", 1, "/src/main.go:11"},
		{9, "IO wait", 3, true, "internal/poll.runtime_pollWait", 7, "/go/src/net/http/server.go:3454"},
		{10, "syscall", 0, false, "syscall.Syscall6", 1, "/go/src/os/signal/signal.go:151"},
		{11, "select (no cases)", 0, false, "main.idle", 1, "/src/run.go:8"},
		{12, "chan send", 0, false, "main.leak", 40, "/src/run.go:9"},
		{13, "running", 0, false, "", 1, "/src/main.go:30"},
		{14, "sync.WaitGroup.Wait", 0, false, "sync.runtime_SemacquireWaitGroup", 1, "/src/main.go:31"},
	}
	for i, w := range want {
		g := gs[i]
		if g.ID != w.id || g.State != w.state || g.WaitMinutes != w.minutes || g.Locked != w.locked ||
			g.Top() != w.top || g.CreatorID != w.creator || g.CreatedBy.Pos() != w.created {
			t.Errorf("goroutine %d: got id=%d state=%q min=%d locked=%v top=%q creator=%d created=%q",
				w.id, g.ID, g.State, g.WaitMinutes, g.Locked, g.Top(), g.CreatorID, g.CreatedBy.Pos())
		}
	}
	if g := gs[3]; g.Elided != 12 || len(g.Frames) != 2 || g.Frames[1].Line != 194 {
		t.Errorf("elided frames: %+v", g)
	}
	if g := gs[5]; !g.Durable {
		t.Errorf("durable not seen: %+v", g)
	}
	if g := gs[6]; !g.Leaked || len(g.Ancestors) != 2 || g.Ancestors[0] != 40 || g.Ancestors[1] != 1 || len(g.Frames) != 1 {
		t.Errorf("leaked goroutine with ancestors: %+v", g)
	}
	if g := gs[8]; g.Elided != -1 || len(g.Frames) != 3 || g.Frames[2].Func != "main.waiter" || g.Frames[2].Line != 7 {
		t.Errorf("additional frames elided: %+v", g)
	}
}

func TestParseFuncSkips(t *testing.T) {
	gs := ParseFunc([]byte(oddDump), func(id int64) bool { return id == 12 })
	if len(gs) != 1 || gs[0].ID != 12 || len(gs[0].Frames) != 1 {
		t.Fatalf("got %+v", gs)
	}
}

func TestFuncName(t *testing.T) {
	for in, want := range map[string]string{
		"main.(*T).m(0x1, {0x2, 0x3})": "main.(*T).m",
		"main.f(...)":                  "main.f",
		"main.g[...](0x1)":             "main.g[...]",
		"panic({0x4a, 0xc0})":          "panic",
		"main.main.func1.gowrap1()":    "main.main.func1.gowrap1",
		"weird line":                   "weird line",
	} {
		if got := funcName(in); got != want {
			t.Errorf("funcName(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	dump := []byte(strings.Repeat(oddDump[strings.Index(oddDump, "goroutine 7"):], 1000))
	b.SetBytes(int64(len(dump)))
	for b.Loop() {
		Parse(dump)
	}
}
