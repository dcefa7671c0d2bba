package funcs

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
)

// A worker pool: methods, literals inside literals, select cases.
type Pool struct {
	mu   sync.Mutex
	jobs chan func()
	quit chan struct{}
}

func (p *Pool) Start(n int) { // want `func Start`
	for i := 0; i < n; i++ {
		go func() { // want `lit in Start`
			for {
				select {
				case job := <-p.jobs: // want `comm in Start.lit`
					func() { // want `lit in Start.lit`
						defer func() { recover() }() // want `lit in Start.lit.lit`
						job()
					}()
				case <-p.quit: // want `comm in Start.lit`
					return
				}
			}
		}()
	}
}

func (p *Pool) Submit(job func()) error { // want `func Submit`
	select {
	case p.jobs <- job: // want `comm in Submit`
		return nil
	default:
		return errors.New("pool full")
	}
}

// Map is generic; its literal is indexed like any other.
func Map[T, U any](xs []T, f func(T) U) []U { // want `func Map`
	out := make([]U, 0, len(xs))
	each := func(x T) { out = append(out, f(x)) } // want `lit in Map`
	for _, x := range xs {
		each(x)
	}
	return out
}

// mustPositive always panics or returns: it may return.
func mustPositive(n int) int { // want `func mustPositive`
	if n <= 0 {
		panic(fmt.Sprintf("bad count %d", n)) // want `never returns`
	}
	return n
}

// unreachable always panics: ctrlflow knows it never returns.
func unreachable(what string) { // want `func unreachable`
	panic("unreachable: " + what) // want `never returns`
}

// die exits through a helper: never returns.
func die(err error) { // want `func die`
	fmt.Fprintln(os.Stderr, err)
	exit(1) // want `never returns`
}

func exit(code int) { os.Exit(code) } // want `func exit` `never returns`

// FailNow ends the test through testing.TB, which ctrlflow cannot see end.
func FailNow(t testing.TB, err error) { // want `func FailNow`
	t.Helper()
	t.Fatalf("unexpected error: %v", err) // want `never returns`
}

// failTwice ends the test through FailNow.
func failTwice(t testing.TB, err error) { // want `func failTwice`
	if err != nil {
		FailNow(t, err) // want `never returns`
	}
	FailNow(t, errors.New("no error")) // want `never returns`
}

// Check may return: the test goes on when err is nil.
func Check(t testing.TB, err error) { // want `func Check`
	if err != nil {
		t.Fatal(err) // want `never returns`
	}
}

func Run(t testing.TB, p *Pool) { // want `func Run`
	Check(t, p.Submit(func() {})) // want `lit in Run`
	if p == nil {
		unreachable("nil pool") // want `never returns`
	}
	if p.jobs == nil {
		failTwice(t, nil) // want `never returns`
	}
	if p.quit == nil {
		die(errors.New("no quit channel")) // want `never returns`
	}
	_ = mustPositive(1)
	_ = Map([]int{1}, func(i int) string { return fmt.Sprint(i) }) // want `lit in Run`
}
