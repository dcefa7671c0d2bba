package leakcheck

import (
	"strings"
	"time"

	"github.com/golint-conc/golint-conc/leakcheck/internal/stack"
)

// DefaultTimeout is how long a check keeps retrying, with backoff, before it
// reports goroutines that are still alive: long enough for goroutines that
// are merely finishing, short enough that a leaking test fails promptly.
const DefaultTimeout = 2 * time.Second

// An Option changes what a check ignores or how long it waits.
type Option func(*config)

type config struct {
	timeout       time.Duration
	ignoreTop     []string
	ignoreCreated []string
}

// Timeout sets how long a check retries before reporting (DefaultTimeout
// if not given). Zero checks once.
func Timeout(d time.Duration) Option {
	return func(c *config) { c.timeout = d }
}

// IgnoreTopFunction ignores goroutines whose stack is executing or blocked in
// fn, given fully qualified as in a goroutine dump:
// "example.com/cache.(*Cache).janitor".
func IgnoreTopFunction(fn string) Option {
	return func(c *config) { c.ignoreTop = append(c.ignoreTop, fn) }
}

// IgnoreCreatedBy ignores goroutines started by a go statement in fn (the
// "created by" function of the dump), for long-lived background workers of
// a library that the test does not own.
func IgnoreCreatedBy(fn string) Option {
	return func(c *config) { c.ignoreCreated = append(c.ignoreCreated, fn) }
}

func newConfig(opts []Option) *config {
	c := &config{timeout: DefaultTimeout}
	for _, o := range opts {
		o(c)
	}
	return c
}

func (c *config) ignored(g *stack.Goroutine) bool {
	if ignoredByDefault(g) {
		return true
	}
	top := g.Top()
	for _, fn := range c.ignoreTop {
		if top == fn {
			return true
		}
	}
	for _, fn := range c.ignoreCreated {
		if g.CreatedBy.Func == fn {
			return true
		}
	}
	return false
}

// ignoredByDefault recognises goroutines of the testing package and the
// runtime's own helpers, which are alive in every test binary and never
// a test's leak. Nothing from user-facing libraries (net/http and the
// like) is here: an idle keep-alive connection is a real leak to a test.
func ignoredByDefault(g *stack.Goroutine) bool {
	if g.HasFunc("testing.tRunner") {
		// A test's own goroutine: waiting in t.Parallel or for subtests.
		return true
	}
	switch g.Top() {
	case "testing.RunTests", "testing.(*T).Run", "testing.(*T).Parallel",
		"testing.runFuzzing", "testing.runFuzzTests",
		"os/signal.signal_recv", "os/signal.loop":
		return true
	}
	if g.HasFunc("runtime.ensureSigM") {
		return true
	}
	// cgo callbacks and the race detector park goroutines in syscalls.
	return strings.HasPrefix(g.State, "syscall") && g.HasFunc("runtime.goexit") && len(g.Frames) <= 1
}
