package leakcheck

import (
	"bytes"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/golint-conc/golint-conc/leakcheck/internal/stack"
)

// A scope is what one check answers for: the goroutines descended from its
// root (the test's goroutine) that were not alive when it started.
type scope struct {
	root  int64          // 0: every goroutine not in known (TestMain)
	known map[int64]bool // alive at the snapshot
	// lineage holds the root's own ancestors alive at the snapshot: the
	// goroutines of enclosing tests.
	lineage map[int64]bool
	// unattributed counts, in the last dump, goroutines whose creator chain
	// broke at an exited goroutine while sibling checks ran, so that no
	// single test could be blamed.
	unattributed int
	cfg          *config
}

// active holds the checks in progress. It is the package's only state, and
// it must be global: parallel tests' checks have to see each other to know
// whether a goroutine whose creator has exited can be blamed on one test.
var active = struct {
	sync.Mutex
	roots map[*scope]bool
}{roots: map[*scope]bool{}}

func newScope(root int64, snapshot []stack.Goroutine, cfg *config) *scope {
	s := &scope{root: root, known: make(map[int64]bool, len(snapshot)), cfg: cfg}
	byID := make(map[int64]*stack.Goroutine, len(snapshot))
	for i := range snapshot {
		s.known[snapshot[i].ID] = true
		byID[snapshot[i].ID] = &snapshot[i]
	}
	s.lineage = map[int64]bool{}
	for g := byID[root]; g != nil && g.CreatorID != 0 && !s.lineage[g.CreatorID]; g = byID[g.CreatorID] {
		s.lineage[g.CreatorID] = true
	}
	return s
}

func (s *scope) begin() {
	active.Lock()
	active.roots[s] = true
	active.Unlock()
}

func (s *scope) end() {
	active.Lock()
	delete(active.roots, s)
	active.Unlock()
}

// dump takes one dump, parsing only the goroutines born after the snapshot.
func (s *scope) dump() []stack.Goroutine {
	return stack.ParseFunc(stack.All(), func(id int64) bool { return !s.known[id] })
}

// owned returns the goroutines among gs that this scope answers for.
func (s *scope) owned(gs []stack.Goroutine) []stack.Goroutine {
	live := make(map[int64]*stack.Goroutine, len(gs))
	for i := range gs {
		live[gs[i].ID] = &gs[i]
	}
	var out []stack.Goroutine
	s.unattributed = 0
	for i := range gs {
		g := &gs[i]
		if g.ID == s.root || s.cfg.ignored(g) {
			continue
		}
		switch s.descends(g, live) {
		case yes:
			out = append(out, *g)
		case orphan:
			if s.alone() {
				out = append(out, *g)
			} else {
				s.unattributed++
			}
		}
	}
	return out
}

type kinship int

const (
	no kinship = iota
	yes
	orphan // an ancestor exited before anyone saw whose child it was
)

// descends follows "created by ... in goroutine N" through live goroutines,
// after reading the chain the runtime printed when GODEBUG=tracebackancestors=N
// is set (parent first), which survives the ancestors' exit.
func (s *scope) descends(g *stack.Goroutine, live map[int64]*stack.Goroutine) kinship {
	if s.root == 0 {
		return yes
	}
	for _, a := range g.Ancestors {
		switch {
		case a == s.root:
			return yes
		case s.known[a]:
			return no // through a goroutine older than the check
		}
	}
	cur := g
	for steps := 0; steps < 1<<16; steps++ {
		p := cur.CreatorID
		switch {
		case p == s.root:
			return yes
		case p == 0 || s.known[p]:
			return no
		}
		next, ok := live[p]
		if !ok {
			return orphan
		}
		cur = next
	}
	return no
}

// alone reports whether no other check is running that could own an orphan.
// Checks of enclosing tests (ancestors of this test's goroutine) do not
// count; siblings running in parallel do.
func (s *scope) alone() bool {
	active.Lock()
	defer active.Unlock()
	for o := range active.roots {
		if o != s && !s.lineage[o.root] {
			return false
		}
	}
	return true
}

// find polls until no goroutine of the scope is left or the timeout passes,
// backing off from 1 ms to 100 ms between dumps. It returns the leaked
// goroutines of the last dump and how long each had been seen alive.
func (s *scope) find() []Leak {
	start := time.Now()
	deadline := start.Add(s.cfg.timeout)
	firstSeen := map[int64]time.Time{}
	wait := time.Millisecond
	for {
		left := s.owned(s.dump())
		if len(left) == 0 {
			return nil
		}
		now := time.Now()
		for _, g := range left {
			if _, ok := firstSeen[g.ID]; !ok {
				firstSeen[g.ID] = now
			}
		}
		if !now.Before(deadline) {
			break
		}
		runtime.Gosched()
		time.Sleep(min(wait, deadline.Sub(now)))
		wait = min(2*wait, 100*time.Millisecond)
	}
	left, definite := s.definite()
	if left == nil {
		left = s.owned(s.dump())
	}
	return group(left, definite, firstSeen, time.Now())
}

// definite asks the runtime which goroutines the garbage collector proves
// can never run again. The goroutineleak profile exists only in binaries
// built with GOEXPERIMENT=goroutineleakprofile; at debug=2 it runs a leak
// detection cycle and writes every goroutine, the proven ones marked
// "(leaked)". Without the experiment it returns nil, nil.
func (s *scope) definite() ([]stack.Goroutine, map[int64]bool) {
	p := pprof.Lookup("goroutineleak")
	if p == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := p.WriteTo(&buf, 2); err != nil {
		return nil, nil
	}
	gs := stack.ParseFunc(buf.Bytes(), func(id int64) bool { return !s.known[id] })
	proven := map[int64]bool{}
	for _, g := range gs {
		if g.Leaked {
			proven[g.ID] = true
		}
	}
	return s.owned(gs), proven
}
