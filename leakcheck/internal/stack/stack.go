// Package stack parses the goroutine dumps written by runtime.Stack(buf, true)
// (and by the goroutine and goroutineleak profiles at debug=2) into
// goroutines with their state, frames and creation ancestry.
//
// The parser is line based and tolerant: a line it does not recognise is
// skipped rather than failing the whole dump, because the runtime's format
// grows new decorations (durable, synctest bubbles, labels, leaked) between
// releases and a leak checker must never break a test suite over a dump it
// half understands.
package stack

import (
	"runtime"
	"strconv"
	"strings"
)

// Frame is one call in a goroutine's stack.
type Frame struct {
	Func string // fully qualified, e.g. "sync.(*WaitGroup).Wait"
	File string
	Line int
}

// Pos returns "file:line".
func (f Frame) Pos() string {
	if f.File == "" {
		return ""
	}
	return f.File + ":" + strconv.Itoa(f.Line)
}

// Goroutine is one goroutine of a dump.
type Goroutine struct {
	ID int64
	// State is the wait reason or status without decorations:
	// "chan send", "select", "sync.WaitGroup.Wait", "running", "syscall".
	State       string
	WaitMinutes int  // ", N minutes" in the header; 0 if under a minute
	Leaked      bool // "(leaked)": the GC proved it can never run again
	Locked      bool // ", locked to thread"
	Durable     bool // "(durable)" inside a synctest bubble
	Frames      []Frame
	Elided      int   // frames dropped by "...N frames elided..."; -1 for "additional frames elided"
	CreatorID   int64 // "created by F in goroutine N"; 0 when unknown (goroutine 1, old format)
	CreatedBy   Frame // the go statement: F and its file:line
	// Ancestors holds the IDs from "[originating from goroutine N]" sections,
	// printed with GODEBUG=tracebackancestors=N: parent first.
	Ancestors []int64
}

// Top returns the function the goroutine is executing or blocked in.
func (g *Goroutine) Top() string {
	if len(g.Frames) == 0 {
		return ""
	}
	return g.Frames[0].Func
}

// HasFunc reports whether fn is any frame of the stack.
func (g *Goroutine) HasFunc(fn string) bool {
	for _, f := range g.Frames {
		if f.Func == fn {
			return true
		}
	}
	return false
}

// Current returns every goroutine of the process, the caller included.
func Current() []Goroutine {
	return Parse(All())
}

// All returns runtime.Stack(buf, true), growing buf until the dump fits.
// Every try stops the world and formats every stack, so the first buffer
// is sized for the goroutines alive now rather than grown from small.
func All() []byte {
	buf := make([]byte, max(64<<10, runtime.NumGoroutine()*bytesPerGoroutine))
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

// bytesPerGoroutine is a generous estimate of one goroutine's dump: a
// header, a few frames of function and file:line, and "created by".
const bytesPerGoroutine = 1 << 10

// SelfID returns the ID of the calling goroutine.
func SelfID() int64 {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	id, _, _ := parseHeader(string(buf[:n]))
	return id
}

// Parse parses a full goroutine dump. Goroutines appear in dump order.
func Parse(dump []byte) []Goroutine {
	return ParseFunc(dump, nil)
}

// ParseFunc is Parse that keeps only the goroutines for whose ID keep
// returns true (all when keep is nil). The stacks of the others are not
// parsed, which makes a check against a large snapshot cheap.
func ParseFunc(dump []byte, keep func(id int64) bool) []Goroutine {
	var gs []Goroutine
	var g *Goroutine
	skipping := false
	inAncestor := false
	pendingFunc := "" // a function line waiting for its "\tfile:line"
	text := string(dump)
	for len(text) > 0 {
		var s string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			s, text = text[:i], text[i+1:]
		} else {
			s, text = text, ""
		}
		s = strings.TrimSuffix(s, "\r")
		if strings.HasPrefix(s, "goroutine ") {
			id, hdr, ok := parseHeader(s)
			if !ok {
				continue
			}
			inAncestor, pendingFunc = false, ""
			if skipping = keep != nil && !keep(id); skipping {
				g = nil
				continue
			}
			gs = append(gs, Goroutine{ID: id})
			g = &gs[len(gs)-1]
			parseState(g, hdr)
			continue
		}
		if g == nil || skipping {
			// Text before the first header (a panic message), or a
			// goroutine the caller does not want.
			continue
		}
		switch {
		case s == "":
			pendingFunc = ""
		case strings.HasPrefix(s, "[originating from goroutine "):
			n := strings.TrimSuffix(strings.TrimPrefix(s, "[originating from goroutine "), "]:")
			if id, err := strconv.ParseInt(n, 10, 64); err == nil {
				g.Ancestors = append(g.Ancestors, id)
			}
			inAncestor, pendingFunc = true, ""
		case inAncestor:
			// Ancestors' frames are the parent's stack when it made the
			// go statement; only their IDs matter here.
		case s[0] == '\t':
			if pendingFunc == "" {
				continue
			}
			file, lineNo := parseFileLine(s[1:])
			if strings.HasPrefix(pendingFunc, "created by ") {
				fn, creator := parseCreatedBy(pendingFunc)
				g.CreatedBy = Frame{Func: fn, File: file, Line: lineNo}
				g.CreatorID = creator
			} else {
				g.Frames = append(g.Frames, Frame{Func: pendingFunc, File: file, Line: lineNo})
			}
			pendingFunc = ""
		case strings.HasPrefix(s, "...additional frames elided..."):
			g.Elided = -1
		case strings.HasPrefix(s, "...") && strings.HasSuffix(s, " frames elided..."):
			g.Elided, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(s, "..."), " frames elided..."))
		case strings.HasPrefix(s, "created by "):
			pendingFunc = s
		default:
			pendingFunc = funcName(s)
		}
	}
	return gs
}

// parseHeader splits "goroutine 7 [chan send, 2 minutes]:" into 7 and the
// bracketed text. Extra fields some GOTRACEBACK levels print between the ID
// and the bracket (gp=0x.. m=..) are skipped.
func parseHeader(s string) (int64, string, bool) {
	rest := strings.TrimPrefix(s, "goroutine ")
	end := strings.IndexByte(rest, ' ')
	if end < 0 {
		return 0, "", false
	}
	id, err := strconv.ParseInt(rest[:end], 10, 64)
	if err != nil {
		return 0, "", false
	}
	open := strings.IndexByte(rest, '[')
	closing := strings.LastIndex(rest, "]")
	if open < 0 || closing < open {
		// "goroutine 5 gp=... m=...: stack unavailable" and the like.
		return id, "", true
	}
	return id, rest[open+1 : closing], true
}

// parseState reads "chan receive (nil chan) (leaked), 3 minutes, locked to
// thread, synctest bubble 2 labels:{...}" into g.
func parseState(g *Goroutine, hdr string) {
	if i := strings.Index(hdr, " labels:{"); i >= 0 {
		hdr = hdr[:i]
	}
	parts := strings.Split(hdr, ", ")
	state := parts[0]
	for _, p := range parts[1:] {
		switch {
		case strings.HasSuffix(p, " minutes"):
			g.WaitMinutes, _ = strconv.Atoi(strings.TrimSuffix(p, " minutes"))
		case p == "locked to thread":
			g.Locked = true
		}
	}
	for _, deco := range []struct {
		suffix string
		flag   *bool
	}{{" (durable)", &g.Durable}, {" (scan)", nil}, {" (leaked)", &g.Leaked}} {
		if strings.Contains(state, deco.suffix) {
			state = strings.Replace(state, deco.suffix, "", 1)
			if deco.flag != nil {
				*deco.flag = true
			}
		}
	}
	g.State = state
}

// funcName strips the argument list from "pkg.(*T).m(0x1, {0x2, 0x3})" or
// "pkg.f(...)". It matches the final parenthesis back to its opener, so
// receivers in parentheses stay part of the name.
func funcName(s string) string {
	if !strings.HasSuffix(s, ")") {
		return s
	}
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return s[:i]
			}
		}
	}
	return s
}

// parseFileLine reads "/a/b.go:12 +0x1d" (the offset is optional).
func parseFileLine(s string) (string, int) {
	if i := strings.LastIndex(s, " +0x"); i >= 0 {
		s = s[:i]
	}
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, 0
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil {
		return s, 0
	}
	return s[:i], n
}

// parseCreatedBy reads "created by pkg.f in goroutine 6".
func parseCreatedBy(s string) (string, int64) {
	s = strings.TrimPrefix(s, "created by ")
	if i := strings.LastIndex(s, " in goroutine "); i >= 0 {
		id, err := strconv.ParseInt(s[i+len(" in goroutine "):], 10, 64)
		if err == nil {
			return s[:i], id
		}
	}
	return s, 0
}
