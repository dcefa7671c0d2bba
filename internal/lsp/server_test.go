package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/analyzers/synccopy"
	"github.com/golint-conc/golint-conc/analyzers/waitgroupadd"
	"github.com/golint-conc/golint-conc/internal/testmod"
)

// shipGo has the bug waitgroupadd reports and fixes: an Add inside the
// goroutine it counts. The Add is on line 9 (0-based), after three tabs.
const shipGo = `package m

import "sync"

// ShipAll ships every order on its own goroutine.
func ShipAll(orders []string, ship func(string)) {
	var wg sync.WaitGroup
	for _, o := range orders {
		go func() {
			wg.Add(1)
			defer wg.Done()
			ship(o)
		}()
	}
	wg.Wait()
}
`

// shipFixedGo is shipGo after the suggested fix.
const shipFixedGo = `package m

import "sync"

// ShipAll ships every order on its own goroutine.
func ShipAll(orders []string, ship func(string)) {
	var wg sync.WaitGroup
	for _, o := range orders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ship(o)
		}()
	}
	wg.Wait()
}
`

// shipTestGo has the same bug in a test file: line 10, two tabs.
const shipTestGo = `package m

import (
	"sync"
	"testing"
)

func TestShip(t *testing.T) {
	var wg sync.WaitGroup
	go func() {
		wg.Add(1)
		defer wg.Done()
	}()
	wg.Wait()
}
`

func TestDiagnosticsFixesAndClearing(t *testing.T) {
	dir := testmod.Write(t, map[string]string{"ship.go": shipGo, "ship_test.go": shipTestGo})
	shipPath := filepath.Join(dir, "ship.go")
	shipURI, testURI := pathToURI(shipPath), pathToURI(filepath.Join(dir, "ship_test.go"))

	c := startServer(t, []*analysis.Analyzer{waitgroupadd.Analyzer}, Options{Version: "v9.9.9"})
	res := c.initialize(dir)
	caps := res.Capabilities
	if !caps.TextDocumentSync.OpenClose || caps.TextDocumentSync.Change != 1 || caps.TextDocumentSync.Save.IncludeText {
		t.Errorf("textDocumentSync = %+v, want openClose, change 1, save without text", caps.TextDocumentSync)
	}
	if got := caps.CodeActionProvider.CodeActionKinds; len(got) != 1 || got[0] != "quickfix" {
		t.Errorf("codeActionKinds = %v, want [quickfix]", got)
	}
	if res.ServerInfo != (serverInfo{Name: "golint-conc", Version: "v9.9.9"}) {
		t.Errorf("serverInfo = %+v", res.ServerInfo)
	}

	start := time.Now()
	c.open(shipPath)
	diags := c.diagnostics(shipURI)
	testDiags := c.diagnostics(testURI)
	t.Logf("first analysis took %v", time.Since(start))

	// One diagnostic, although ship.go is in both the package and its
	// test variant.
	if len(diags) != 1 {
		t.Fatalf("ship.go: got %d diagnostics, want 1: %+v", len(diags), diags)
	}
	d := diags[0]
	wantRange := lspRange{Start: position{Line: 9, Character: 3}, End: position{Line: 9, Character: 12}}
	if d.Range != wantRange {
		t.Errorf("range = %+v, want %+v (wg.Add(1))", d.Range, wantRange)
	}
	if d.Code != "waitgroupadd" || d.Source != "golint-conc" || d.Severity != 2 {
		t.Errorf("code, source, severity = %q, %q, %d; want waitgroupadd, golint-conc, 2", d.Code, d.Source, d.Severity)
	}
	if d.CodeDescription == nil || d.CodeDescription.Href != waitgroupadd.Analyzer.URL {
		t.Errorf("codeDescription = %+v, want href %s", d.CodeDescription, waitgroupadd.Analyzer.URL)
	}
	if !strings.Contains(d.Message, "call wg.Add before the go statement") {
		t.Errorf("message = %q", d.Message)
	}
	if len(testDiags) != 1 || testDiags[0].Range.Start != (position{Line: 10, Character: 2}) {
		t.Errorf("ship_test.go: got %+v, want one diagnostic at 10:2", testDiags)
	}

	// A cursor inside the diagnostic gets its fix.
	resp := c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": shipURI},
		"range":        lspRange{Start: position{Line: 9, Character: 5}, End: position{Line: 9, Character: 5}},
		"context":      map[string]any{"diagnostics": diags},
	})
	var actions []codeAction
	if err := json.Unmarshal(resp.Result, &actions); err != nil || resp.Error != nil {
		t.Fatalf("codeAction: %s, %v, %v", resp.Result, resp.Error, err)
	}
	if len(actions) != 1 {
		t.Fatalf("got %d code actions, want 1: %s", len(actions), resp.Result)
	}
	a := actions[0]
	if a.Kind != "quickfix" || a.Title != "Move wg.Add before the go statement" || len(a.Diagnostics) != 1 || a.Diagnostics[0].Range != wantRange {
		t.Errorf("code action = %+v", a)
	}
	if len(a.Edit.Changes) != 1 || a.Edit.Changes[shipURI] == nil {
		t.Fatalf("edit changes = %+v, want edits to %s only", a.Edit.Changes, shipURI)
	}
	if got := applyEdits(t, shipGo, a.Edit.Changes[shipURI]); got != shipFixedGo {
		t.Errorf("applying the fix gives\n%s\nwant\n%s", got, shipFixedGo)
	}

	// A range elsewhere gets nothing.
	resp = c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": shipURI},
		"range":        lspRange{Start: position{Line: 2, Character: 0}, End: position{Line: 3, Character: 0}},
		"context":      map[string]any{"diagnostics": []any{}},
	})
	if string(resp.Result) != "[]" {
		t.Errorf("codeAction away from the finding = %s, want []", resp.Result)
	}

	// An unsaved edit makes the fix positions stale: none is offered.
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": shipURI, "version": 2},
		"contentChanges": []any{map[string]any{"text": "package m\n"}},
	})
	resp = c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": shipURI},
		"range":        wantRange,
		"context":      map[string]any{"diagnostics": diags},
	})
	if string(resp.Result) != "[]" {
		t.Errorf("codeAction on a dirty buffer = %s, want []", resp.Result)
	}

	// Fixing the file and saving clears ship.go; the test file keeps its
	// finding.
	if err := os.WriteFile(shipPath, []byte(shipFixedGo), 0o644); err != nil {
		t.Fatal(err)
	}
	c.save(shipPath)
	if diags := c.diagnostics(shipURI); len(diags) != 0 {
		t.Errorf("after the fix, ship.go has %+v, want none", diags)
	}
	if diags := c.diagnostics(testURI); len(diags) != 1 {
		t.Errorf("after the fix, ship_test.go has %d diagnostics, want 1", len(diags))
	}

	if err := c.stop(); err != nil {
		t.Errorf("Serve after shutdown and exit = %v, want nil", err)
	}
}

// applyEdits applies LSP edits to ASCII text.
func applyEdits(t *testing.T, text string, edits []textEdit) string {
	t.Helper()
	lineStarts := []int{0}
	for i, r := range text {
		if r == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	offset := func(p position) int {
		if p.Line >= len(lineStarts) {
			t.Fatalf("edit position %+v beyond the text", p)
		}
		return lineStarts[p.Line] + p.Character
	}
	sorted := append([]textEdit(nil), edits...)
	sort.Slice(sorted, func(i, j int) bool { return offset(sorted[i].Range.Start) > offset(sorted[j].Range.Start) })
	for _, e := range sorted {
		text = text[:offset(e.Range.Start)] + e.NewText + text[offset(e.Range.End):]
	}
	return text
}

func TestUnknownMethodAndNotInitialized(t *testing.T) {
	c := startServer(t, nil, Options{})
	if resp := c.call("textDocument/hover", map[string]any{}); resp.Error == nil || resp.Error.Code != codeServerNotInitialized {
		t.Errorf("request before initialize: error %+v, want code %d", resp.Error, codeServerNotInitialized)
	}
	c.initialize(t.TempDir())
	resp := c.call("workspace/somethingNew", map[string]any{})
	if resp.Error == nil || resp.Error.Code != -32601 {
		t.Errorf("unknown method: error %+v, want code -32601", resp.Error)
	}
	// Unknown notifications and cancellations get no answer and change
	// nothing.
	c.notify("$/setTrace", map[string]any{"value": "off"})
	c.notify("$/cancelRequest", map[string]any{"id": 1})
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	if resp := c.call("initialize", map[string]any{}); resp.Error == nil || resp.Error.Code != codeInvalidRequest {
		t.Errorf("second initialize: error %+v, want code %d", resp.Error, codeInvalidRequest)
	}
	if err := c.stop(); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
}

func TestMalformedInputKeepsServing(t *testing.T) {
	c := startServer(t, nil, Options{})
	isParseError := func(m *message) bool { return m.Error != nil && m.Error.Code == codeParseError }

	c.sendRaw("Content-Length: 6\r\n\r\n{oops}")
	if m := c.await("parse error for bad JSON", isParseError); string(m.ID) != "null" {
		t.Errorf("parse error id = %s, want null", m.ID)
	}
	c.sendRaw("X-Garbage\r\n\r\n")
	c.await("parse error for a frame without Content-Length", isParseError)
	c.sendRaw("Content-Length: many\r\n\r\n")
	c.await("parse error for a bad Content-Length", isParseError)

	// A frame split into single bytes, as a slow pipe may deliver it.
	body := `{"jsonrpc":"2.0","id":"split","method":"initialize","params":{"rootUri":null}}`
	frame := "Content-Length: " + itoa(len(body)) + "\r\n\r\n" + body
	for i := range len(frame) {
		c.sendRaw(frame[i : i+1])
	}
	m := c.await("initialize response", func(m *message) bool { return string(m.ID) == `"split"` })
	if m.Error != nil {
		t.Errorf("initialize after garbage: %v", m.Error)
	}
	if err := c.stop(); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t, nil, Options{})
	c.initialize(t.TempDir())
	c.notify("exit", nil)
	if err := c.served1(); err == nil {
		t.Error("Serve after exit without shutdown = nil, want an error")
	}
}

func TestRequestsAfterShutdownAreRefused(t *testing.T) {
	c := startServer(t, nil, Options{})
	c.initialize(t.TempDir())
	c.call("shutdown", nil)
	if resp := c.call("textDocument/codeAction", map[string]any{}); resp.Error == nil || resp.Error.Code != codeInvalidRequest {
		t.Errorf("request after shutdown: error %+v, want code %d", resp.Error, codeInvalidRequest)
	}
	c.notify("exit", nil)
	if err := c.served1(); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
}

// brokenGo does not type-check, and copies a lock twice, which synccopy
// reports even so (it runs despite errors).
const brokenGo = `package m

import "sync"

type Registry struct {
	mu    sync.Mutex
	names map[string]int
}

func Fork(r *Registry) Registry {
	local := *r
	return local
}

func Count() int { return undefinedCounter }
`

func TestTypeErrorsAreLoggedNotFatal(t *testing.T) {
	dir := testmod.Write(t, map[string]string{"broken.go": brokenGo})
	path := filepath.Join(dir, "broken.go")
	c := startServer(t, []*analysis.Analyzer{synccopy.Analyzer, waitgroupadd.Analyzer}, Options{})
	c.initialize(dir)
	c.open(path)
	diags := c.diagnostics(pathToURI(path))
	c.logMessage("undefined: undefinedCounter")
	c.logMessage("example.com/m has errors, so these analyzers did not run on it: waitgroupadd")
	if len(diags) != 2 || diags[0].Code != "synccopy" || diags[0].Range.Start != (position{Line: 10, Character: 10}) {
		t.Errorf("got %+v, want synccopy's findings at 10:10 (*r) and on the return", diags)
	}
	if err := c.stop(); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
}

// A panicking analyzer is reported and the server goes on.
func TestAnalyzerPanicIsReported(t *testing.T) {
	dir := testmod.Write(t, map[string]string{"m.go": "package m\n"})
	boom := &analysis.Analyzer{Name: "boom", Doc: "boom panics.", Run: func(*analysis.Pass) (any, error) {
		panic("boom went off")
	}}
	c := startServer(t, []*analysis.Analyzer{boom}, Options{})
	c.initialize(dir)
	c.open(filepath.Join(dir, "m.go"))
	if msg := c.logMessage("boom went off"); !strings.Contains(msg, "panicked") {
		t.Errorf("log message %q does not say the analysis panicked", msg)
	}
	if err := c.stop(); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
}

// Saves that arrive while a run is under way cost one more run, not one
// each, and runs of one package never overlap.
func TestSavesAreCoalescedAndSerialised(t *testing.T) {
	dir := testmod.Write(t, map[string]string{"m.go": "package m\n"})
	path := filepath.Join(dir, "m.go")
	started, release := make(chan bool, 1), make(chan bool)
	var mu sync.Mutex
	running, maxRunning, runs := 0, 0, 0
	probe := &analysis.Analyzer{Name: "probe", Doc: "probe counts its runs.", Run: func(*analysis.Pass) (any, error) {
		mu.Lock()
		running++
		runs++
		maxRunning = max(maxRunning, running)
		mu.Unlock()
		select {
		case started <- true:
		default:
		}
		<-release
		mu.Lock()
		running--
		mu.Unlock()
		return nil, nil
	}}
	c := startServer(t, []*analysis.Analyzer{probe}, Options{Debounce: -1})
	c.initialize(dir)
	c.open(path)
	select {
	case <-started:
	case <-time.After(timeout):
		t.Fatal("the first analysis did not start")
	}
	for range 5 {
		c.save(path)
	}
	c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": pathToURI(path)}}) // the saves are handled
	close(release)
	c.diagnostics(pathToURI(path))
	c.diagnostics(pathToURI(path))
	if err := c.stop(); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if runs != 2 || maxRunning != 1 {
		t.Errorf("open and 5 saves gave %d runs, at most %d at once; want 2 runs, 1 at once", runs, maxRunning)
	}
}

func TestInputClosedWithoutShutdown(t *testing.T) {
	c := startServer(t, nil, Options{})
	c.initialize(t.TempDir())
	c.toSrv.Close()
	if err := c.served1(); err == nil {
		t.Error("Serve after its input ended without shutdown = nil, want an error")
	}
}

// Diagnostics carry related information and the analyzer's URL, and their
// columns count UTF-16 units of the line, not bytes.
func TestRelatedInformationAndUTF16(t *testing.T) {
	src := "package m\n\nvar greeting = \"héllo, 😀\" + name\n\nvar name = \"x\"\n"
	dir := testmod.Write(t, map[string]string{"m.go": src})
	path := filepath.Join(dir, "m.go")
	uri := pathToURI(path)
	pointer := &analysis.Analyzer{
		Name: "pointer",
		Doc:  "pointer reports the first use of name.",
		URL:  "https://example.com/pointer",
		Run: func(pass *analysis.Pass) (any, error) {
			for id, obj := range pass.TypesInfo.Uses {
				if obj.Name() == "name" {
					pass.Report(analysis.Diagnostic{
						Pos: id.Pos(), End: id.End(), Message: "name used here",
						Related: []analysis.RelatedInformation{{Pos: obj.Pos(), End: obj.Pos() + 4, Message: "declared here"}},
					})
				}
			}
			return nil, nil
		},
	}
	c := startServer(t, []*analysis.Analyzer{pointer}, Options{})
	c.initialize(dir)
	c.open(path)
	diags := c.diagnostics(uri)
	// `var greeting = "héllo, 😀" + ` is 32 bytes but 29 UTF-16 units.
	want := diagnostic{
		Range:           lspRange{Start: position{Line: 2, Character: 29}, End: position{Line: 2, Character: 33}},
		Severity:        2,
		Code:            "pointer",
		CodeDescription: &codeDescription{Href: "https://example.com/pointer"},
		Source:          "golint-conc",
		Message:         "name used here",
		RelatedInformation: []diagnosticRelatedInformation{{
			Location: location{URI: uri, Range: lspRange{Start: position{Line: 4, Character: 4}, End: position{Line: 4, Character: 8}}},
			Message:  "declared here",
		}},
	}
	if len(diags) != 1 || !reflect.DeepEqual(diags[0], want) {
		t.Errorf("got %+v\nwant %+v", diags, want)
	}
	if err := c.stop(); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
}
