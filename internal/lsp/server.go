// Package lsp is a Language Server Protocol server that runs the
// golint-conc analyzers on the packages of the Go files an editor opens and
// saves, publishes their findings as diagnostics and offers their suggested
// fixes as quick fixes. It runs beside gopls, which cannot load third-party
// analyzers (golang/go#59869).
//
// Analysis reads the files on disk: an edit that is not saved yet marks its
// buffer dirty, which withholds quick fixes whose positions could be stale,
// and the next save brings fresh diagnostics.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
)

// Options tune a server. The zero value is ready to use.
type Options struct {
	// Version is reported to the client in serverInfo.
	Version string
	// Log, when not nil, receives a line per message handled and per
	// analysis run, for debugging the server (stderr, usually; stdout is
	// the protocol stream).
	Log io.Writer
	// Debounce is how long a save waits before its analysis starts, so
	// that a burst of saves costs one run. Zero means 100ms; a negative
	// value means no wait.
	Debounce time.Duration
}

const defaultDebounce = 100 * time.Millisecond

// Serve speaks LSP over in and out until the client sends exit, in ends or
// ctx is done. It returns nil after a shutdown request followed by exit,
// and an error for an exit without shutdown, as the specification asks the
// process to exit with code 1 then. On return no analysis is running and
// nothing more is written to out.
func Serve(ctx context.Context, in io.Reader, out io.Writer, analyzers []*analysis.Analyzer, opts Options) error {
	ctx, cancel := context.WithCancel(ctx)
	s := &server{
		ctx:       ctx,
		out:       &frameWriter{w: out},
		analyzers: analyzers,
		opts:      opts,
		dirs:      make(map[string]*dirState),
		docs:      make(map[string]*docState),
		findings:  make(map[string]fileFindings),
	}
	if s.opts.Debounce == 0 {
		s.opts.Debounce = defaultDebounce
	}
	defer func() {
		s.out.close()
		cancel()
		s.runs.Wait()
	}()
	return s.serve(in)
}

// server holds the state of one connection. Messages are handled one at a
// time on the goroutine of serve; analyses run on goroutines of their own
// and share dirs, docs and findings with it under mu.
type server struct {
	ctx       context.Context // done when Serve returns; cancels loads
	out       *frameWriter
	analyzers []*analysis.Analyzer
	opts      Options
	runs      sync.WaitGroup // analysis goroutines

	// Touched only by the serve goroutine.
	initialized bool
	shutdown    bool

	mu       sync.Mutex
	dirs     map[string]*dirState    // by package directory
	docs     map[string]*docState    // open documents by URI
	findings map[string]fileFindings // last analysis, by URI
}

// dirState serialises and coalesces the analyses of one directory's
// packages.
type dirState struct {
	running   bool            // a goroutine is analysing, or about to
	pending   bool            // another run is wanted once it finishes
	published map[string]bool // URIs given diagnostics by the last run
}

// docState follows an open document's buffer against the disk.
type docState struct {
	changes int  // didChange notifications so far
	dirty   bool // changed since opened or saved
}

// fileFindings are one file's findings from the last analysis.
type fileFindings struct {
	items []finding
	// fixable is false when the file's buffer differed from the disk
	// when the analysis began; changes is its change count then. Fixes
	// are offered only while both still describe the buffer.
	fixable bool
	changes int
}

type readResult struct {
	body []byte
	err  error
}

func (s *server) serve(in io.Reader) error {
	frames := make(chan readResult)
	go func() {
		// This goroutine outlives Serve only while a Read on in blocks;
		// closing in ends it.
		fr := newFrameReader(in)
		for {
			body, err := fr.read()
			select {
			case frames <- readResult{body, err}:
			case <-s.ctx.Done():
				return
			}
			if err != nil && !errors.Is(err, errBadFrame) {
				return
			}
		}
	}()
	for {
		var r readResult
		select {
		case <-s.ctx.Done():
			return s.ctx.Err()
		case r = <-frames:
		}
		switch {
		case errors.Is(r.err, errBadFrame):
			s.logf("%v", r.err)
			s.out.reply(nil, nil, &rpcError{Code: codeParseError, Message: r.err.Error()})
			continue
		case r.err == io.EOF && s.shutdown:
			return nil
		case r.err != nil:
			return fmt.Errorf("reading LSP input: %w", r.err)
		}
		if done, err := s.handle(r.body); done {
			return err
		}
	}
}

// handle dispatches one message. done reports that the client sent exit,
// and err is then what Serve returns.
func (s *server) handle(body []byte) (done bool, err error) {
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		s.logf("malformed message: %v", err)
		s.out.reply(nil, nil, &rpcError{Code: codeParseError, Message: "parse error: " + err.Error()})
		return false, nil
	}
	if m.Method == "" {
		return false, nil // a response; this server sends no requests
	}
	s.logf("<- %s", m.Method)
	if m.Method == "exit" {
		if !s.shutdown {
			return true, errors.New("exit notification received before shutdown request")
		}
		return true, nil
	}
	if !m.isRequest() {
		if s.initialized && !s.shutdown {
			s.notification(&m)
		}
		return false, nil // before initialize or after shutdown, notifications are dropped
	}
	result, rerr := s.request(&m)
	s.out.reply(m.ID, result, rerr)
	return false, nil
}

func (s *server) request(m *message) (any, *rpcError) {
	switch {
	case m.Method == "initialize":
		if s.initialized {
			return nil, &rpcError{Code: codeInvalidRequest, Message: "initialize sent twice"}
		}
		return s.initialize(m.Params)
	case !s.initialized:
		return nil, &rpcError{Code: codeServerNotInitialized, Message: "initialize must come first"}
	case s.shutdown:
		return nil, &rpcError{Code: codeInvalidRequest, Message: "server is shutting down"}
	case m.Method == "shutdown":
		s.shutdown = true
		return nil, nil
	case m.Method == "textDocument/codeAction":
		return s.codeAction(m.Params)
	}
	return nil, &rpcError{Code: codeMethodNotFound, Message: "method not found: " + m.Method}
}

func (s *server) initialize(params json.RawMessage) (any, *rpcError) {
	var p initializeParams
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: "initialize: " + err.Error()}
	}
	// The roots are only logged: each document's own directory decides
	// which module and package it belongs to.
	roots := []string{p.RootURI}
	for _, f := range p.WorkspaceFolders {
		roots = append(roots, f.URI)
	}
	s.logf("workspace roots: %s", strings.Join(roots, " "))
	s.initialized = true
	return initializeResult{
		Capabilities: serverCapabilities{
			TextDocumentSync: textDocumentSyncOptions{
				OpenClose: true,
				Change:    textDocumentSyncFull,
				Save:      saveOptions{IncludeText: false},
			},
			CodeActionProvider: codeActionOptions{CodeActionKinds: []string{"quickfix"}},
		},
		ServerInfo: serverInfo{Name: "golint-conc", Version: s.opts.Version},
	}, nil
}

// notification handles the document events; every other notification,
// $/cancelRequest included, needs nothing: requests are answered in order
// as they arrive, so there is never one in flight to cancel.
func (s *server) notification(m *message) {
	var event func(uri string)
	switch m.Method {
	case "textDocument/didOpen":
		event = s.didOpen
	case "textDocument/didChange":
		event = s.didChange
	case "textDocument/didSave":
		event = s.didSave
	case "textDocument/didClose":
		event = s.didClose
	default:
		return
	}
	var p documentParams
	if err := json.Unmarshal(m.Params, &p); err != nil {
		s.logMessage(messageError, fmt.Sprintf("%s: %v", m.Method, err))
		return
	}
	uri, err := canonicalURI(p.TextDocument.URI)
	if err != nil {
		s.logf("%s: %v", m.Method, err) // untitled: and other schemes have no package
		return
	}
	event(uri)
}

func (s *server) didOpen(uri string) {
	s.mu.Lock()
	s.docs[uri] = &docState{}
	s.mu.Unlock()
	s.schedule(uri)
}

func (s *server) didChange(uri string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.docs[uri]; d != nil {
		d.changes++
		d.dirty = true
	}
}

func (s *server) didSave(uri string) {
	s.mu.Lock()
	if d := s.docs[uri]; d != nil {
		d.dirty = false
	}
	s.mu.Unlock()
	s.schedule(uri)
}

// didClose forgets the buffer; the diagnostics stay, as they describe the
// file on disk.
func (s *server) didClose(uri string) {
	s.mu.Lock()
	delete(s.docs, uri)
	s.mu.Unlock()
}

// schedule asks for an analysis of the directory of the Go file at uri.
// At most one goroutine per directory analyses it; a request made while
// one is busy is folded into a single further run.
func (s *server) schedule(uri string) {
	path, err := uriToPath(uri)
	if err != nil || !strings.HasSuffix(path, ".go") {
		return
	}
	dir := filepath.Dir(path)
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.dirs[dir]
	if st == nil {
		st = &dirState{}
		s.dirs[dir] = st
	}
	if st.running {
		st.pending = true
		return
	}
	st.running = true
	s.runs.Add(1)
	go s.analyzeLoop(dir, st)
}

// analyzeLoop runs analyses of dir until no request is pending.
func (s *server) analyzeLoop(dir string, st *dirState) {
	defer s.runs.Done()
	for {
		if !s.wait(s.opts.Debounce) {
			s.mu.Lock()
			st.running = false
			s.mu.Unlock()
			return
		}
		s.mu.Lock()
		st.pending = false // this run reads the disk after every request so far
		snapshot := make(map[string]docState)
		for uri, d := range s.docs {
			snapshot[uri] = *d
		}
		s.mu.Unlock()

		s.analyzeAndPublish(dir, st, snapshot)

		s.mu.Lock()
		if !st.pending || s.ctx.Err() != nil {
			st.running = false
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
	}
}

// wait sleeps for d, and reports false if the server stops first.
func (s *server) wait(d time.Duration) bool {
	if d <= 0 {
		return s.ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.ctx.Done():
		return false
	}
}

// analyzeAndPublish analyses dir and publishes diagnostics for each of its
// files, and empty lists for files the previous run covered and this one
// does not (deleted, or excluded by a build tag since).
func (s *server) analyzeAndPublish(dir string, st *dirState, docs map[string]docState) {
	rep, err := analyzeDir(s.ctx, dir, s.analyzers)
	if s.ctx.Err() != nil {
		return
	}
	if err != nil {
		s.logMessage(messageError, fmt.Sprintf("golint-conc: %v", err))
		return
	}
	s.logf("%s: loaded in %v, analysed in %v", dir, rep.loading.Round(time.Millisecond), rep.analysing.Round(time.Millisecond))
	for _, p := range rep.problems {
		s.logMessage(messageWarning, "golint-conc: "+p)
	}

	uris := make([]string, 0, len(rep.files))
	s.mu.Lock()
	for uri, items := range rep.files {
		d, open := docs[uri]
		s.findings[uri] = fileFindings{items: items, fixable: !open || !d.dirty, changes: d.changes}
		uris = append(uris, uri)
	}
	gone := st.published
	st.published = make(map[string]bool)
	for _, uri := range uris {
		st.published[uri] = true
		delete(gone, uri)
	}
	for uri := range gone {
		delete(s.findings, uri)
		uris = append(uris, uri)
	}
	s.mu.Unlock()

	sort.Strings(uris)
	for _, uri := range uris {
		diags := []diagnostic{} // not nil: an empty list clears the file
		for _, f := range rep.files[uri] {
			diags = append(diags, f.diag)
		}
		s.out.notify("textDocument/publishDiagnostics", publishDiagnosticsParams{URI: uri, Diagnostics: diags})
	}
}

// codeAction offers the suggested fixes of the last analysis's findings
// in the requested range, unless the buffer changed since that analysis
// read the file: the fix positions would no longer match it.
func (s *server) codeAction(params json.RawMessage) (any, *rpcError) {
	var p codeActionParams
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: "codeAction: " + err.Error()}
	}
	actions := []codeAction{}
	uri, err := canonicalURI(p.TextDocument.URI)
	if err != nil {
		return actions, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ff, ok := s.findings[uri]
	if !ok || !ff.fixable {
		return actions, nil
	}
	if d := s.docs[uri]; d != nil && (d.dirty || d.changes != ff.changes) {
		return actions, nil
	}
	for _, f := range ff.items {
		if overlaps(f.diag.Range, p.Range) {
			actions = append(actions, f.actions...)
		}
	}
	return actions, nil
}

// logMessage shows msg in the client's log (window/logMessage).
func (s *server) logMessage(typ int, msg string) {
	s.logf("%s", msg)
	s.out.notify("window/logMessage", logMessageParams{Type: typ, Message: msg})
}

// logf writes a debugging line to Options.Log.
func (s *server) logf(format string, args ...any) {
	if s.opts.Log != nil {
		fmt.Fprintf(s.opts.Log, "golint-conc lsp: "+format+"\n", args...)
	}
}
