package main_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLSPBinary starts "golint-conc lsp" as an editor would, speaks the
// protocol over its stdin and stdout, and checks the diagnostics it
// publishes for a file with a known finding. internal/lsp tests the server
// in depth; this test checks the command wires it up.
func TestLSPBinary(t *testing.T) {
	bin := buildBinary(t)
	dir, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "e2e"))
	file := filepath.Join(dir, "jobs", "jobs.go")
	uri := (&url.URL{Scheme: "file", Path: file}).String()

	cmd := exec.Command(bin, "lsp")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	send := func(msg map[string]any) {
		msg["jsonrpc"] = "2.0"
		body, _ := json.Marshal(msg)
		fmt.Fprintf(stdin, "Content-Length: %d\r\n\r\n%s", len(body), body)
	}
	messages := make(chan map[string]any)
	go readMessages(bufio.NewReader(stdout), messages)
	await := func(match func(map[string]any) bool) map[string]any {
		t.Helper()
		deadline := time.After(2 * time.Minute)
		for {
			select {
			case m, ok := <-messages:
				if !ok {
					t.Fatal("server closed its output")
				}
				if match(m) {
					return m
				}
			case <-deadline:
				t.Fatal("timed out waiting for the server")
			}
		}
	}

	send(map[string]any{"id": 1, "method": "initialize", "params": map[string]any{
		"rootUri": (&url.URL{Scheme: "file", Path: dir}).String(), "capabilities": map[string]any{}}})
	init := await(func(m map[string]any) bool { return m["id"] == 1.0 })
	if name := lookup(init, "result", "serverInfo", "name"); name != "golint-conc" {
		t.Fatalf("initialize result: %v", init)
	}
	send(map[string]any{"method": "initialized", "params": map[string]any{}})
	src, _ := os.ReadFile(file)
	send(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": string(src)}}})

	published := await(func(m map[string]any) bool {
		return m["method"] == "textDocument/publishDiagnostics" && lookup(m, "params", "uri") == uri
	})
	var codes []string
	for _, d := range lookup(published, "params", "diagnostics").([]any) {
		d := d.(map[string]any)
		line := int(lookup(d, "range", "start", "line").(float64)) + 1 // LSP lines count from 0
		codes = append(codes, fmt.Sprintf("%d:%s", line, d["code"]))
		if d["source"] != "golint-conc" || !strings.HasSuffix(lookup(d, "codeDescription", "href").(string), fmt.Sprintf("docs/%s.md", d["code"])) {
			t.Errorf("diagnostic lacks source or docs link: %v", d)
		}
	}
	var want []string
	for _, f := range onByDefault(expectedFindings(t, dir)) {
		if f.file == "jobs/jobs.go" {
			want = append(want, fmt.Sprintf("%d:%s", f.line, f.analyzer))
		}
	}
	if strings.Join(codes, " ") != strings.Join(want, " ") {
		t.Errorf("published %v, want %v", codes, want)
	}

	send(map[string]any{"id": 2, "method": "shutdown"})
	await(func(m map[string]any) bool { return m["id"] == 2.0 })
	send(map[string]any{"method": "exit"})
	if err := cmd.Wait(); err != nil {
		t.Errorf("server did not exit cleanly after shutdown and exit: %v", err)
	}
}

// readMessages decodes Content-Length framed JSON-RPC messages until r
// ends, then closes out.
func readMessages(r *bufio.Reader, out chan<- map[string]any) {
	defer close(out)
	for {
		length := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m map[string]any
		if json.Unmarshal(body, &m) == nil {
			out <- m
		}
	}
}

// lookup walks nested JSON objects by key, returning nil where one is
// missing.
func lookup(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}
