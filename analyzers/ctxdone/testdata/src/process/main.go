// Command process watches a directory until interrupted. Its watcher
// goroutines live as long as the process: run's return ends it.
package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"time"
)

type watcher struct {
	dir  string
	seen map[string]time.Time
}

// Next blocks until a file changes and returns its name.
func (w *watcher) Next() (string, error) {
	entries, err := os.ReadDir(w.dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			return "", err
		}
		if info.ModTime().After(w.seen[e.Name()]) {
			w.seen[e.Name()] = info.ModTime()
			return e.Name(), nil
		}
	}
	time.Sleep(time.Second)
	return "", nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ticks := make(chan time.Time)
	go func() {
		for {
			ticks <- time.Now() // lives as long as main
		}
	}()
	go func() {
		for t := range ticks {
			log.Println("tick", t)
		}
	}()
	http.HandleFunc("/watch", func(rw http.ResponseWriter, r *http.Request) {
		serveWatch(r.Context(), &watcher{dir: r.URL.Query().Get("dir"), seen: map[string]time.Time{}})
	})
	go func() { log.Println(http.ListenAndServe("localhost:8080", nil)) }()
	go report(ctx, os.Args[1])
	log.Fatal(run(ctx, os.Args[1]))
}

// run watches dir until ctx is cancelled or the watcher fails; main exits
// with its error, so the watcher goroutine never outlives anything.
func run(ctx context.Context, dir string) error {
	w := &watcher{dir: dir, seen: map[string]time.Time{}}
	notify, errc := make(chan string), make(chan error, 1)
	go func() {
		for {
			n, err := w.Next()
			if err != nil {
				errc <- err
				return
			}
			notify <- n
		}
	}()
	for {
		select {
		case n := <-notify:
			log.Println("changed:", n)
		case err := <-errc:
			return err
		case <-ctx.Done():
			return nil
		}
	}
}

// report is started once by main: its loop ends with the process.
func report(ctx context.Context, dir string) {
	w := &watcher{dir: dir, seen: map[string]time.Time{}}
	names := make(chan string)
	go func() {
		for {
			if n, err := w.Next(); err == nil {
				names <- n
			}
		}
	}()
	for {
		select {
		case n := <-names:
			log.Println("report:", n)
		case <-ctx.Done():
			return
		}
	}
}

// serveWatch is the same loop per request: every cancelled request
// leaves its watcher goroutine blocked on the send.
func serveWatch(ctx context.Context, w *watcher) {
	notify := make(chan string)
	go func() {
		for {
			n, err := w.Next()
			if err != nil {
				return
			}
			notify <- n // want `send on notify in a loop ignores ctx`
		}
	}()
	for {
		select {
		case n := <-notify:
			log.Println("changed:", n)
		case <-ctx.Done():
			return
		}
	}
}

// restart is run again and again by retry, so its return does not end the
// process and its watcher goroutines pile up.
func restart(ctx context.Context, dir string) error {
	w := &watcher{dir: dir, seen: map[string]time.Time{}}
	notify := make(chan string)
	go func() {
		for {
			if n, err := w.Next(); err == nil {
				notify <- n // want `send on notify in a loop ignores ctx`
			}
		}
	}()
	select {
	case n := <-notify:
		return errors.New("changed: " + n)
	case <-ctx.Done():
		return ctx.Err()
	}
}

func retry(ctx context.Context, dir string) {
	for ctx.Err() == nil {
		log.Println(restart(ctx, dir))
	}
}
