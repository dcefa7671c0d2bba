//go:build go1.22

// Command flushd is a metrics daemon: its flushers live as long as the
// process, started once by functions whose return ends it. Tickers made
// per request or per connection still leak.
package main

import (
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"time"
)

type metrics struct{ points []float64 }

func (m *metrics) flush() error { m.points = m.points[:0]; return nil }

var global metrics

// run starts the flusher and the reporter and serves until the listener
// fails; main exits when it returns, so their tickers live exactly as long
// as they are needed.
func run(addr string) error {
	go func() {
		for range time.Tick(time.Minute) {
			if err := global.flush(); err != nil {
				log.Print(err)
			}
		}
	}()
	go func() {
		tick := time.NewTicker(30 * time.Second).C
		for range tick {
			fmt.Fprintln(os.Stderr, len(global.points), "points")
		}
	}()
	go push(pushInterval)
	http.HandleFunc("/stats", statsHandler)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return serve(ln)
}

// serve paces accepts; it returns only when the listener fails, and then
// the process ends.
func serve(ln net.Listener) error {
	lim := time.Tick(10 * time.Millisecond)
	for {
		<-lim
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		go handleConn(conn)
	}
}

func handleConn(conn net.Conn) { conn.Close() }

var pushInterval time.Duration

func serveTokens(tokens <-chan struct{}) {
	for range tokens {
	}
}

// push sends the points upstream for the life of the process when pushing
// is configured; it returns only before it makes its ticker.
func push(every time.Duration) {
	if every == 0 {
		return
	}
	t := time.NewTicker(every)
	for range t.C {
		_ = global.flush()
	}
}

// statsHandler runs once per request: each request leaks its Tick.
func statsHandler(w http.ResponseWriter, r *http.Request) {
	tick := time.Tick(time.Second) // want `time.Tick's ticker can never be stopped and, before Go 1.23, is never collected, so it leaks when statsHandler returns`
	for i := 0; i < 3; i++ {
		<-tick
		fmt.Fprintln(w, len(global.points))
	}
}

// An agent pushes its points upstream, reconnecting when the link drops.
type agent struct{ upstream string }

// Run is the agent's whole life: main exits when it returns.
func (a *agent) Run() error {
	t := time.NewTicker(5 * time.Second)
	go func() {
		for range t.C {
			_ = global.flush()
		}
	}()
	for attempt := 0; attempt < 10; attempt++ {
		conn, err := net.Dial("tcp", a.upstream)
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		session(conn)
	}
	return errors.New("upstream unreachable")
}

// session runs once per connection: its Tick outlives the connection.
func session(conn net.Conn) {
	defer conn.Close()
	beat := time.Tick(time.Second) // want `time.Tick's ticker can never be stopped and, before Go 1.23, is never collected, so it leaks when session returns`
	for range beat {
		if _, err := conn.Write([]byte("ping\n")); err != nil {
			return
		}
	}
}

// warmup primes caches before the daemon starts, but main goes on to run
// the daemon: the primer goroutine keeps ticking with nothing to prime.
func warmup() {
	go func() { // want `goroutine never returns: its loop receiving from time.Tick\(time.Second\) has no exit`
		for range time.Tick(time.Second) {
			global.points = append(global.points, 0)
		}
	}()
	time.Sleep(100 * time.Millisecond)
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "agent" {
		a := &agent{upstream: os.Args[2]}
		log.Fatal(a.Run())
	}
	warmup()
	// The throttle refills a budget of writes per second when one is set;
	// with none it returns at once, before it makes its ticker.
	tokens, rate := make(chan struct{}, 64), len(os.Args)
	go func() {
		if rate <= 1 {
			return
		}
		for range time.Tick(time.Second / time.Duration(rate)) {
			select {
			case tokens <- struct{}{}:
			default:
			}
		}
	}()
	go serveTokens(tokens)
	if err := run(":9100"); err != nil {
		log.Fatal(err)
	}
}
