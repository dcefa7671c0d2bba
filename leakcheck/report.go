package leakcheck

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golint-conc/golint-conc/leakcheck/internal/stack"
)

// Frame is one call of a goroutine's stack.
type Frame = stack.Frame

// A Leak is a group of identical leaked goroutines: same blocking operation,
// blocked at the same place, created at the same place.
type Leak struct {
	// State is the blocking operation as the runtime names it: "chan send",
	// "chan receive", "chan receive (nil chan)", "select", "select (no cases)",
	// "sync.WaitGroup.Wait", "sync.Mutex.Lock", "IO wait", "running", ...
	State string
	// Waited is how long the goroutines were seen blocked: the runtime's
	// minutes when it printed them, else the time since the check first saw
	// them.
	Waited time.Duration
	// Top is the function the goroutines are executing or blocked in.
	Top string
	// BlockedAt is the first frame outside the runtime, sync, internal and
	// testing packages: the user's code that blocks.
	BlockedAt Frame
	// CreatedAt is the go statement that started the goroutines.
	CreatedAt Frame
	// Definite is set when the garbage collector proved the goroutines can
	// never run again (GOEXPERIMENT=goroutineleakprofile builds only).
	Definite bool
	// IDs are the goroutines of the group, and Stack the stack of the first.
	IDs   []int64
	Stack []Frame
}

// group turns leaked goroutines into Leaks, largest group first.
func group(gs []stack.Goroutine, definite map[int64]bool, firstSeen map[int64]time.Time, now time.Time) []Leak {
	type key struct {
		state, top, blocked, created string
		definite                     bool
	}
	index := map[key]int{}
	var leaks []Leak
	for _, g := range gs {
		blocked := userFrame(g.Frames)
		k := key{g.State, g.Top(), blocked.Pos(), g.CreatedBy.Pos(), definite[g.ID]}
		i, ok := index[k]
		if !ok {
			i = len(leaks)
			index[k] = i
			waited := time.Duration(g.WaitMinutes) * time.Minute
			if seen, ok := firstSeen[g.ID]; ok && waited == 0 {
				waited = now.Sub(seen)
			}
			leaks = append(leaks, Leak{
				State: g.State, Waited: waited, Top: g.Top(),
				BlockedAt: blocked, CreatedAt: g.CreatedBy,
				Definite: k.definite, Stack: g.Frames,
			})
		}
		leaks[i].IDs = append(leaks[i].IDs, g.ID)
	}
	slices.SortStableFunc(leaks, func(a, b Leak) int { return len(b.IDs) - len(a.IDs) })
	return leaks
}

// userFrame returns the first frame outside the runtime, sync, internal
// and testing packages, or the top frame if all are.
func userFrame(frames []Frame) Frame {
	for _, f := range frames {
		if !systemFunc(f.Func) {
			return f
		}
	}
	if len(frames) > 0 {
		return frames[0]
	}
	return Frame{}
}

func systemFunc(fn string) bool {
	for _, p := range []string{"runtime.", "runtime/", "sync.", "sync/", "internal/", "testing."} {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}

// String is the report of one group, as Check prints it.
func (l Leak) String() string {
	var b strings.Builder
	n := len(l.IDs)
	kind := "goroutine"
	if n > 1 {
		kind = "goroutines"
	}
	fmt.Fprintf(&b, "%d %s blocked in %s", n, kind, l.State)
	if l.Waited > 0 {
		fmt.Fprintf(&b, " for %s", l.Waited.Round(time.Millisecond))
	}
	if l.Definite {
		b.WriteString(" (definite leak: the GC proved they can never run again)")
	}
	fmt.Fprintf(&b, "\n    in %s", l.Top)
	if l.BlockedAt.Func != l.Top || n == 0 {
		fmt.Fprintf(&b, "\n    blocked at %s (%s)", l.BlockedAt.Pos(), l.BlockedAt.Func)
	} else {
		fmt.Fprintf(&b, " at %s", l.BlockedAt.Pos())
	}
	if l.CreatedAt.Func != "" {
		fmt.Fprintf(&b, "\n    created at %s (%s)", l.CreatedAt.Pos(), l.CreatedAt.Func)
	}
	fmt.Fprintf(&b, "\n    goroutine %s:", idList(l.IDs))
	for _, f := range l.Stack {
		fmt.Fprintf(&b, "\n        %s\n            %s", f.Func, f.Pos())
	}
	return b.String()
}

func idList(ids []int64) string {
	const shown = 8
	var parts []string
	for i, id := range ids {
		if i == shown {
			parts = append(parts, fmt.Sprintf("and %d more", len(ids)-shown))
			break
		}
		parts = append(parts, fmt.Sprint(id))
	}
	return strings.Join(parts, ", ")
}

// report formats all groups.
func report(leaks []Leak) string {
	total := 0
	for _, l := range leaks {
		total += len(l.IDs)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "leakcheck: %d leaked goroutine(s) in %d group(s):", total, len(leaks))
	for _, l := range leaks {
		b.WriteString("\n\n")
		b.WriteString(l.String())
	}
	return b.String()
}
