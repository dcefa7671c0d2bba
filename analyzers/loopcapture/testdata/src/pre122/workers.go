//go:build go1.21

// Goroutines and deferred calls that capture range and 3-clause loop
// variables: one variable for the whole loop before Go 1.22.
package pre122

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"golang.org/x/sync/errgroup"
)

// FetchAll captures both range variables.
func FetchAll(urls []string) []Result {
	results := make([]Result, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() { // want `^goroutine captures loop variables i and u, shared by all iterations before Go 1\.22 \(this file is go1\.21\): pass them as arguments or copy them \(i := i; u := u\)$`
			defer wg.Done()
			results[i] = fetch(u)
		}()
	}
	wg.Wait()
	return results
}

// FetchAllArgs passes the loop variables as arguments.
func FetchAllArgs(urls []string) []Result {
	results := make([]Result, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func(i int, u string) {
			defer wg.Done()
			results[i] = fetch(u)
		}(i, u)
	}
	wg.Wait()
	return results
}

// FetchAllCopies copies them first.
func FetchAllCopies(urls []string) []Result {
	results := make([]Result, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		i, u := i, u
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = fetch(u)
		}()
	}
	wg.Wait()
	return results
}

// StartWorkers starts the goroutine before the last statement of the
// loop body, where vet's loopclosure does not look.
func StartWorkers(n int, jobs <-chan Job) {
	for id := 0; id < n; id++ {
		go func() { // want `^goroutine captures loop variable id, shared by all iterations before Go 1\.22 \(this file is go1\.21\): pass it as an argument or copy it \(id := id\)$`
			for j := range jobs {
				if err := j.Run(id); err != nil {
					log.Printf("worker %d: job %d: %v", id, j.ID, err)
				}
			}
		}()
		log.Printf("started worker %d", id)
	}
}

// StartPool captures a worker declared inside the loop body.
func StartPool(n int, jobs <-chan Job) {
	for id := 0; id < n; id++ {
		w := newWorker(id)
		go func() {
			w.run(jobs)
		}()
	}
}

// StartShards passes the index and captures the bound, which the loop
// never changes.
func StartShards(shards [][]Job, out chan<- int) {
	for i, n := 0, len(shards); i < n; i++ {
		go func(shard int) {
			for _, j := range shards[shard] {
				_ = j.Run(shard)
			}
			out <- n
		}(i)
	}
}

// PingAll uses sync.WaitGroup.Go.
func PingAll(hosts []string) {
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Go(func() { // want `^goroutine captures loop variable h,`
			if err := ping(h); err != nil {
				log.Printf("%s unreachable: %v", h, err)
			}
		})
	}
	wg.Wait()
}

// Download uses an errgroup.
func Download(ctx context.Context, files []string) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for _, name := range files {
		g.Go(func() error { // want `^goroutine captures loop variable name,`
			return download(ctx, name)
		})
	}
	return g.Wait()
}

// DownloadCopy copies the name before handing it to the errgroup.
func DownloadCopy(ctx context.Context, files []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, name := range files {
		name := name
		g.Go(func() error {
			return download(ctx, name)
		})
	}
	return g.Wait()
}

// ServeAll stores the closure and starts it later.
func ServeAll(listeners []net.Listener, h http.Handler) {
	for _, ln := range listeners {
		serve := func() {
			log.Print(http.Serve(ln, h))
		}
		log.Printf("serving on %s", ln.Addr())
		go serve() // want `^goroutine running serve captures loop variable ln,`
	}
}

// CloseAll defers a closure that captures the path.
func CloseAll(dst io.Writer, paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer func() { // want `^deferred closure captures loop variable p, shared by all iterations before Go 1\.22 \(this file is go1\.21\), so every deferred call sees its last value: pass it as an argument or copy it \(p := p\)$`
			if err := f.Close(); err != nil {
				log.Printf("closing %s: %v", p, err)
			}
		}()
		if _, err := io.Copy(dst, f); err != nil {
			return err
		}
	}
	return nil
}

// CloseAllArgs passes the path to the deferred closure.
func CloseAllArgs(dst io.Writer, paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer func(name string) {
			if err := f.Close(); err != nil {
				log.Printf("closing %s: %v", name, err)
			}
		}(p)
		if _, err := io.Copy(dst, f); err != nil {
			return err
		}
	}
	return nil
}

// RemoveTemps defers a stored closure.
func RemoveTemps(dir string, names []string) {
	for _, n := range names {
		remove := func() {
			os.Remove(dir + "/" + n)
		}
		defer remove() // want `^deferred call of remove captures loop variable n,`
	}
}

// Totals calls its closures synchronously.
func Totals(orders map[string][]int) map[string]int {
	totals := make(map[string]int)
	for customer, amounts := range orders {
		add := func(a int) { totals[customer] += a }
		for _, a := range amounts {
			add(a)
		}
		func() {
			log.Printf("%s: %d", customer, totals[customer])
		}()
	}
	return totals
}

// RunEach waits for each goroutine before the next iteration.
func RunEach(ctx context.Context, tasks []*Task) {
	for _, t := range tasks {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := t.Execute(ctx); err != nil {
				log.Print(err)
			}
		}()
		wg.Wait()
	}
}

// QueryEach receives the goroutine's answer before the next iteration.
func QueryEach(queries []string) []Result {
	var out []Result
	for _, q := range queries {
		done := make(chan Result)
		go func() {
			done <- fetch(q)
		}()
		out = append(out, <-done)
	}
	return out
}

// StartNamed returns right after starting the one server it wanted.
func StartNamed(servers []*Server, name string) {
	for _, s := range servers {
		if s.Name == name {
			go func() {
				log.Print(s.Run())
			}()
			return
		}
	}
}

// HandleConns defers inside the goroutine; only the goroutine is reported.
func HandleConns(conns []net.Conn) {
	for _, c := range conns {
		go func() { // want `^goroutine captures loop variable c,`
			defer func() {
				c.Close()
			}()
			handle(c)
		}()
	}
}

// SkipSeparators writes its loop variable in the body: no suggested fix,
// the copy would stop the skip.
func SkipSeparators(args []string, handleArg func(string)) {
	for i := 0; i < len(args); i++ {
		go func() { // want `^goroutine captures loop variable i,`
			handleArg(args[i])
		}()
		if args[i] == "--" {
			i++
		}
	}
}

// Flush resets each frame's buffer, taking its address: no fix.
func Flush(frames []frame, w io.Writer) {
	for _, f := range frames {
		defer func() { // want `^deferred closure captures loop variable f,`
			f.buf.Reset()
		}()
		fmt.Fprintf(w, "%d: %s\n", f.seq, f.buf.String())
	}
}

// Dispatch starts goroutines from a select; the indentation of the copy
// follows the case body.
func Dispatch(ctx context.Context, reqs <-chan *http.Request, backends []string) {
	for n := 0; ; n++ {
		select {
		case <-ctx.Done():
			return
		case r := <-reqs:
			go func() { // want `^goroutine captures loop variable n,`
				log.Printf("request %d for %s to %s", n, r.URL, backends[n%len(backends)])
			}()
		}
	}
}

// Poll passes everything it needs.
func Poll(ctx context.Context, hosts []string, results chan<- error) {
	for _, h := range hosts {
		go func(host string) {
			results <- ping(host)
		}(h)
	}
}

// DecodeAll recovers inside a function literal called once per
// iteration: the deferred call runs before the iteration ends.
func DecodeAll(t *testing.T, inputs [][]byte, decode func([]byte) error) {
	for i, in := range inputs {
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("input %d (%q): panic %v", i, in, p)
				}
			}()
			_ = decode(in)
		}()
	}
}

// ConcurrentChecks waits for its goroutines inside each subtest.
func ConcurrentChecks(t *testing.T, modes []bool, check func(bool) error) {
	for _, strict := range modes {
		t.Run(fmt.Sprint(strict), func(t *testing.T) {
			var wg sync.WaitGroup
			for n := 0; n < 4; n++ {
				wg.Add(1)
				go func(n int) {
					defer wg.Done()
					if err := check(strict); err != nil {
						t.Errorf("goroutine %d: %v", n, err)
					}
				}(n)
			}
			wg.Wait()
		})
	}
}

// WatchModes starts a goroutine inside each subtest and never waits for
// it.
func WatchModes(t *testing.T, modes []bool, watch func(bool)) {
	for _, strict := range modes {
		t.Run(fmt.Sprint(strict), func(t *testing.T) {
			go func() { // want `^goroutine captures loop variable strict,`
				watch(strict)
			}()
		})
	}
}

// ParallelMap passes the element but still captures the index.
func ParallelMap[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	var wg sync.WaitGroup
	for i, x := range xs {
		wg.Add(1)
		go func(x T) { // want `^goroutine captures loop variable i,`
			defer wg.Done()
			out[i] = f(x)
		}(x)
	}
	wg.Wait()
	return out
}

// ParallelMapArgs passes both.
func ParallelMapArgs[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	var wg sync.WaitGroup
	for i, x := range xs {
		wg.Add(1)
		go func(i int, x T) {
			defer wg.Done()
			out[i] = f(x)
		}(i, x)
	}
	wg.Wait()
	return out
}

// Relay declares m again later in the loop body: a copy inserted before
// the goroutine would collide with it, so there is no suggested fix.
func Relay(msgs []string, out chan<- string) {
	for _, m := range msgs {
		go func() { out <- m }() // want `^goroutine captures loop variable m,`
		m := strings.ToUpper(m)
		out <- m
	}
}
