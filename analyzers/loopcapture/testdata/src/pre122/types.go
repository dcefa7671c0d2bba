//go:build go1.21

package pre122

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

type Result struct {
	URL    string
	Status int
	Err    error
}

func fetch(url string) Result {
	resp, err := http.Get(url)
	if err != nil {
		return Result{URL: url, Err: err}
	}
	resp.Body.Close()
	return Result{URL: url, Status: resp.StatusCode}
}

type Job struct {
	ID      int
	Payload []byte
}

func (j Job) Run(worker int) error { return nil }

type worker struct{ id int }

func newWorker(id int) *worker { return &worker{id: id} }

func (w *worker) run(jobs <-chan Job) {
	for j := range jobs {
		_ = j.Run(w.id)
	}
}

type Server struct {
	Name string
	Addr string
}

func (s *Server) Run() error { return nil }

type Task struct {
	Name  string
	Done  bool
	Steps int
}

func (t *Task) Execute(ctx context.Context) error { return nil }

type Step struct {
	Name string
}

func (s Step) Apply() error { return nil }
func (s Step) Undo()        {}

type Subscriber interface {
	Send(msg string) error
}

type Snapshot struct {
	Version int
	Taken   time.Time
}

func publish(s Snapshot) {}

func download(ctx context.Context, name string) error { return nil }

func ping(host string) error { return nil }

func handle(conn net.Conn) {}

var errStop = errors.New("stop")

type frame struct {
	buf bytes.Buffer
	seq int
}
