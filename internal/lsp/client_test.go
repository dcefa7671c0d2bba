package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
)

// timeout bounds every wait in these tests, so that a server bug fails a
// test instead of hanging it. Loading a package with its standard library
// dependencies from source takes a few seconds on a slow machine.
const timeout = 60 * time.Second

// A client drives Serve over a pair of pipes, as an editor would over the
// process's stdin and stdout. Its framing is written independently of the
// server's, so that a framing bug cannot cancel itself out.
type client struct {
	t      *testing.T
	toSrv  *io.PipeWriter
	msgs   chan *message // everything the server sends, in order
	served chan error    // Serve's result
	nextID int
	mu     sync.Mutex
	logs   []string // window/logMessage texts seen by await
}

func startServer(t *testing.T, analyzers []*analysis.Analyzer, opts Options) *client {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := &client{t: t, toSrv: inW, msgs: make(chan *message, 1000), served: make(chan error, 1)}
	if opts.Log == nil {
		opts.Log = testLog{t}
	}
	go func() {
		err := Serve(context.Background(), inR, outW, analyzers, opts)
		outW.Close()
		c.served <- err
	}()
	go c.readLoop(outR)
	t.Cleanup(func() {
		inW.Close() // ends the server's reading goroutine, and Serve if it still runs
		select {
		case <-c.served:
		case <-time.After(timeout):
			t.Error("Serve did not return after its input closed")
		}
	})
	return c
}

type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func (c *client) readLoop(r io.Reader) {
	defer close(c.msgs)
	fr := newFrameReader(r) // the server's own framing, read from the other end
	for {
		body, err := fr.read()
		if errors.Is(err, errBadFrame) {
			c.t.Errorf("server sent a bad frame: %v", err)
			return
		}
		if err != nil {
			return
		}
		m := new(message)
		if err := json.Unmarshal(body, m); err != nil {
			c.t.Errorf("server sent malformed JSON %q: %v", body, err)
			return
		}
		c.msgs <- m
	}
}

// sendRaw writes bytes to the server's input as they are.
func (c *client) sendRaw(data string) {
	c.t.Helper()
	if _, err := io.WriteString(c.toSrv, data); err != nil {
		c.t.Fatalf("writing to server: %v", err)
	}
}

func (c *client) send(m map[string]any) {
	c.t.Helper()
	m["jsonrpc"] = "2.0"
	body, err := json.Marshal(m)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendRaw(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body))
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	c.send(map[string]any{"method": method, "params": params})
}

// call sends a request and waits for its response.
func (c *client) call(method string, params any) *message {
	c.t.Helper()
	c.nextID++
	id := c.nextID
	c.send(map[string]any{"id": id, "method": method, "params": params})
	return c.await("response to "+method, func(m *message) bool {
		return m.Method == "" && string(m.ID) == strconv.Itoa(id)
	})
}

// await returns the next message that match accepts, skipping others.
func (c *client) await(what string, match func(*message) bool) *message {
	c.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m, ok := <-c.msgs:
			if !ok {
				c.t.Fatalf("server closed its output while waiting for %s", what)
			}
			if m.Method == "window/logMessage" {
				var p logMessageParams
				json.Unmarshal(m.Params, &p)
				c.mu.Lock()
				c.logs = append(c.logs, p.Message)
				c.mu.Unlock()
			}
			if match(m) {
				return m
			}
		case <-deadline:
			c.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// diagnostics waits for the next publishDiagnostics for uri.
func (c *client) diagnostics(uri string) []diagnostic {
	c.t.Helper()
	m := c.await("diagnostics for "+uri, func(m *message) bool {
		if m.Method != "textDocument/publishDiagnostics" {
			return false
		}
		var p publishDiagnosticsParams
		return json.Unmarshal(m.Params, &p) == nil && p.URI == uri
	})
	var p publishDiagnosticsParams
	json.Unmarshal(m.Params, &p)
	if p.Diagnostics == nil {
		c.t.Errorf("diagnostics for %s: got null, want a list (an empty one clears the file)", uri)
	}
	return p.Diagnostics
}

// logMessage waits for a window/logMessage containing text.
func (c *client) logMessage(text string) string {
	c.t.Helper()
	c.mu.Lock()
	for _, l := range c.logs {
		if strings.Contains(l, text) {
			c.mu.Unlock()
			return l
		}
	}
	c.mu.Unlock()
	m := c.await("log message containing "+strconv.Quote(text), func(m *message) bool {
		var p logMessageParams
		return m.Method == "window/logMessage" && json.Unmarshal(m.Params, &p) == nil && strings.Contains(p.Message, text)
	})
	var p logMessageParams
	json.Unmarshal(m.Params, &p)
	return p.Message
}

// initialize performs the handshake and returns the initialize result.
func (c *client) initialize(root string) initializeResult {
	c.t.Helper()
	resp := c.call("initialize", map[string]any{
		"processId":    nil,
		"rootUri":      pathToURI(root),
		"capabilities": map[string]any{},
	})
	if resp.Error != nil {
		c.t.Fatalf("initialize: %v", resp.Error)
	}
	var res initializeResult
	if err := json.Unmarshal(resp.Result, &res); err != nil {
		c.t.Fatalf("initialize result %s: %v", resp.Result, err)
	}
	c.notify("initialized", map[string]any{})
	return res
}

// stop sends shutdown and exit and returns what Serve returned.
func (c *client) stop() error {
	c.t.Helper()
	resp := c.call("shutdown", nil)
	if resp.Error != nil || string(resp.Result) != "null" {
		c.t.Errorf("shutdown: got result %s, error %v; want null", resp.Result, resp.Error)
	}
	c.notify("exit", nil)
	return c.served1()
}

func (c *client) served1() error {
	c.t.Helper()
	select {
	case err := <-c.served:
		c.served <- err // for the cleanup
		return err
	case <-time.After(timeout):
		c.t.Fatal("Serve did not return after exit")
		return nil
	}
}

func (c *client) open(path string) {
	c.t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		c.t.Fatal(err)
	}
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": pathToURI(path), "languageId": "go", "version": 1, "text": string(data),
	}})
}

func (c *client) save(path string) {
	c.t.Helper()
	c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": pathToURI(path)}})
}
