package servers

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// --- buggy ---

func TestHealth(t *testing.T) {
	srv := &http.Server{Addr: "localhost:8080", Handler: http.NotFoundHandler()}
	defer srv.Close()
	go srv.ListenAndServe()
	time.Sleep(100 * time.Millisecond) // want `time.Sleep used to wait until the goroutine started at line 20 is ready: sleeping does not guarantee the server is listening; bind the listener before starting the goroutine, or wait for a ready signal on a channel`
	resp, err := http.Get("http://localhost:8080/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func TestEchoDial(t *testing.T) {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(1)
	go func() {
		defer wg.Done()
		ln, err := net.Listen("tcp", "localhost:9090")
		if err != nil {
			return
		}
		conn, _ := ln.Accept()
		io.Copy(conn, conn)
	}()
	time.Sleep(50 * time.Millisecond) // want `until the goroutine started at line 33 is ready`
	conn, err := net.Dial("tcp", "localhost:9090")
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
}

func TestStartHelper(t *testing.T) {
	s := NewServer("localhost:8081")
	s.Start()
	defer s.Close()
	time.Sleep(200 * time.Millisecond) // want `until the goroutines started by Start at line 52 are ready`
	c := &http.Client{Timeout: time.Second}
	resp, err := c.Get("http://localhost:8081/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func TestProcessorCounts(t *testing.T) {
	var p Processor
	in := make(chan int)
	go p.Process(in)
	in <- 1
	in <- 2
	time.Sleep(10 * time.Millisecond) // want `wait until the goroutine started at line 66 is ready: sleeping does not guarantee it is; it runs until stopped, so have it signal on a channel when ready`
	if got := p.Done.Load(); got != 2 {
		t.Errorf("processed %d jobs, want 2", got)
	}
}

func BenchmarkProcessor(b *testing.B) {
	var p Processor
	in := make(chan int, b.N)
	for i := 0; i < b.N; i++ {
		in <- i
	}
	close(in)
	b.ResetTimer()
	go p.Process(in)
	time.Sleep(time.Second) // want `goroutine started at line 83`
	b.ReportMetric(float64(p.Done.Load()), "jobs")
}

// --- correct look-alikes ---

// The listener is bound before the goroutine starts: dials succeed.
func TestHealthListenFirst(t *testing.T) {
	ln, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(ln.Addr().String())
	s.StartOn(ln)
	defer s.Close()
	time.Sleep(10 * time.Millisecond) // useless but harmless
	resp, err := http.Get("http://" + ln.Addr().String() + "/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// Dialling in a retry loop is how to wait for a server.
func TestHealthRetry(t *testing.T) {
	srv := &http.Server{Addr: "localhost:8082", Handler: http.NotFoundHandler()}
	go srv.ListenAndServe()
	defer srv.Close()
	var conn net.Conn
	var err error
	for i := 0; i < 50; i++ {
		if conn, err = net.Dial("tcp", "localhost:8082"); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
}

// The goroutine says when it is ready.
func TestReadySignal(t *testing.T) {
	ready := make(chan string)
	go func() {
		ln, err := net.Listen("tcp", "localhost:0")
		if err != nil {
			close(ready)
			return
		}
		ready <- ln.Addr().String()
		conn, _ := ln.Accept()
		conn.Close()
	}()
	addr := <-ready
	time.Sleep(5 * time.Millisecond) // after a join: not what synchronises
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
}

// Sleeping to let the goroutine block, then unblocking and joining it.
func TestCancelUnblocks(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error)
	go func() {
		<-ctx.Done()
		errc <- ctx.Err()
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	if err := <-errc; err != context.Canceled {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// The test's cleanup waits for the goroutines.
func TestCleanupWaits(t *testing.T) {
	var wg sync.WaitGroup
	t.Cleanup(wg.Wait)
	var p Processor
	in := make(chan int)
	wg.Add(1)
	go func() {
		defer wg.Done()
		p.Process(in)
	}()
	in <- 1
	close(in)
	time.Sleep(10 * time.Millisecond)
}

// Run the server for a while, then shut it down: a run time, not a join.
func TestServeForAWhile(t *testing.T) {
	s := NewServer("localhost:8083")
	s.Start()
	time.Sleep(50 * time.Millisecond)
	if err := s.Shutdown(); err != nil {
		t.Fatal(err)
	}
}

// Subtests run synchronously: t.Run joins.
func TestSubtestAfterSleep(t *testing.T) {
	var p Processor
	in := make(chan int, 1)
	go p.Process(in)
	time.Sleep(5 * time.Millisecond)
	t.Run("drain", func(t *testing.T) {
		in <- 1
		close(in)
	})
}

// exec.Cmd.Start's goroutines copy output; the sleep waits for the child.
func TestChildSignal(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	cmd.Process.Signal(os.Interrupt)
}

// --- buggy, appended ---

// Nothing dials, but the server never finishes: the sleep hopes it is
// ready, and a WaitGroup would block forever.
func TestServeInBackground(t *testing.T) {
	srv := &http.Server{Addr: "localhost:8085", Handler: http.NotFoundHandler()}
	go srv.ListenAndServe()
	time.Sleep(20 * time.Millisecond) // want `wait until the goroutine started at line 217 is ready: sleeping does not guarantee it is; it runs until stopped`
	if srv.Handler == nil {
		t.Fatal("no handler")
	}
}
