package httpapi

import (
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"
)

// --- correct: the listener is bound before the goroutine starts ---

// New bound the listener; Main only accepts on it.
func TestMainServes(t *testing.T) {
	s, err := New(Options{Handler: http.NotFoundHandler()})
	if err != nil {
		t.Fatal(err)
	}
	go s.Main()
	defer s.Shutdown()
	time.Sleep(10 * time.Millisecond) // useless but harmless
	resp, err := http.Get("http://" + s.Addr() + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// The helper New calls binds it too.
func TestListenHelper(t *testing.T) {
	ln, err := listen("")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.NotFoundHandler()}
	go srv.Serve(ln)
	time.Sleep(5 * time.Millisecond)
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
}

// --- buggy: nothing listens until the goroutine runs ---

func TestLazyMain(t *testing.T) {
	s := &LazyServer{Addr: "localhost:8089", Handler: http.NotFoundHandler()}
	go s.Main()
	time.Sleep(50 * time.Millisecond) // want `until the goroutine started at line 49 is ready: sleeping does not guarantee the server is listening`
	resp, err := http.Get("http://localhost:8089/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// FreePort closed its listener: the port is free, not listening.
func TestFreePortServer(t *testing.T) {
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("localhost:%d", port)
	go http.ListenAndServe(addr, http.NotFoundHandler())
	time.Sleep(50 * time.Millisecond) // want `until the goroutine started at line 65 is ready`
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// The same, written out: the listener is closed before the sleep.
func TestProbeThenServe(t *testing.T) {
	ln, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	go http.ListenAndServe(addr, http.NotFoundHandler())
	time.Sleep(50 * time.Millisecond) // want `until the goroutine started at line 82 is ready`
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}
