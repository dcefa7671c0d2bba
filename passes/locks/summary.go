package locks

import (
	"fmt"
	"go/types"
	"strings"

	"github.com/golint-conc/golint-conc/internal/ref"
)

// A Summary is what a function does to the locks its callers can name.
type Summary struct {
	Acquires []Effect // held at every return, not held on entry
	Releases []Effect // held on entry, released at every return
	Expects  []Effect // unlocked without being locked first: held on entry
}

// An Effect names a lock relative to the function, with whether it is
// taken for reading.
type Effect struct {
	Lock ref.Param
	Read bool
}

// Fact carries a function's Summary to the packages that import it.
type Fact struct{ Summary }

func (*Fact) AFact() {}

func (f *Fact) String() string {
	var parts []string
	for _, l := range []struct {
		name string
		es   []Effect
	}{{"acquires", f.Acquires}, {"releases", f.Releases}, {"expects", f.Expects}} {
		if len(l.es) == 0 {
			continue
		}
		var names []string
		for _, e := range l.es {
			names = append(names, e.String())
		}
		parts = append(parts, l.name+" "+strings.Join(names, ","))
	}
	return strings.Join(parts, "; ")
}

// String spells e as recv.mu, arg1.mu, pkg.Var.mu, with an R prefix when
// it is a read lock.
func (e Effect) String() string {
	var root string
	switch p := e.Lock; p.Index {
	case ref.RecvParam:
		root = "recv"
	case ref.GlobalParam:
		root = p.Pkg + "." + p.Var
	default:
		root = fmt.Sprintf("arg%d", p.Index)
	}
	if e.Read {
		root = "R" + root
	}
	return root + e.Lock.Fields
}

// summarize returns fn's summary, or nil when it has no effect its
// callers can name. A function that never returns acquires and releases
// nothing.
func (f *function) summarize(fn *types.Func) *Summary {
	var exits int
	var must, mayHeld set
	f.returns(func(s state) {
		if exits == 0 {
			must, mayHeld = s.must.clone(), s.may.clone()
		} else {
			must.and(s.must)
			mayHeld.or(s.may)
		}
		exits++
	})
	var sum Summary
	effect := func(i int) (Effect, bool) {
		p, ok := ref.Relative(fn, f.locks[i])
		return Effect{Lock: p, Read: f.read[i]}, ok
	}
	expected := make(map[int]bool)
	for _, i := range f.expects {
		expected[i] = true
		if e, ok := effect(i); ok {
			sum.Expects = append(sum.Expects, e)
			if exits > 0 && !mayHeld.has(i) {
				sum.Releases = append(sum.Releases, e)
			}
		}
	}
	escaped := make(map[int]bool) // its unlock may run anywhere
	for _, op := range f.ops {
		if i, ok := f.index[op.Lock]; ok && op.Escape {
			escaped[i] = true
		}
	}
	if exits > 0 {
		for _, i := range must.members() {
			if e, ok := effect(i); ok && !expected[i] && !escaped[i] {
				sum.Acquires = append(sum.Acquires, e)
			}
		}
	}
	if len(sum.Acquires)+len(sum.Releases)+len(sum.Expects) == 0 {
		return nil
	}
	return &sum
}
