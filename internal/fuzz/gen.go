// Package fuzz generates Go packages full of goroutines, channels,
// WaitGroups, locks and tickers from a byte string, for fuzzing the
// analyzers. Any byte string gives a package that type-checks, so a
// mutated string changes what the analyzers see. Mutating Go source
// bytes mostly yields a package that does not type-check, on which all
// but a few analyzers are skipped.
package fuzz

import (
	"bytes"
	"fmt"
	"go/format"
)

// Limits keep a package small whatever the recipe: the analyzers are
// exercised by the shapes of code, not by its amount.
const (
	maxDepth = 5 // nesting of blocks
	maxStmts = 6 // statements per block
	maxFuncs = 4
)

// Generate returns the source of the package that recipe describes. Each
// byte picks among the choices at one point of the program; once the
// recipe is used up every choice is the first, which ends the open
// blocks, so any recipe, the empty one included, gives a whole package.
func Generate(recipe []byte) []byte {
	g := &generator{recipe: recipe}
	g.file()
	if src, err := format.Source(g.b.Bytes()); err == nil {
		return src
	}
	return g.b.Bytes() // still valid Go; gofmt only makes a crasher easier to read
}

// A generator writes one package.
type generator struct {
	recipe []byte
	b      bytes.Buffer
	fresh  int // suffix of the next fresh name
	funcs  []funcDecl
	scope  scope
}

// A funcDecl is a generated function, as callers need to know it.
type funcDecl struct {
	name string
	kind funcKind
}

type funcKind int

const (
	plainFunc   funcKind = iota // f(ctx, in, out, wg, mu, n)
	methodFunc                  // (*server).m(ctx, n)
	genericFunc                 // g[T any](ctx, in, v, wg)
	mainFunc                    // main()
)

// A scope lists what the statement being written can use, by what it is.
// Entering a block saves the lengths; leaving it truncates to them.
type scope struct {
	chans   []chanVar
	wgs     []addressable // sync.WaitGroup
	mus     []addressable // sync.Mutex
	ctxs    []string
	tickers []string
	ints    []string // int variables that may be assigned
	elem    string   // the element type of the function's channels
	value   string   // a value of type elem
	cond    bool     // s.cond is available
	inLoop  bool     // break and continue are allowed
	inFunc  funcKind
}

type chanVar struct {
	name string
	dir  string // "", "<-" (receive only) or "->" (send only)
}

// An addressable variable is used as is, and passed by pointer.
type addressable struct{ use, ptr string }

func (g *generator) pick(n int) int {
	if len(g.recipe) == 0 || n <= 1 {
		return 0
	}
	c := int(g.recipe[0]) % n
	g.recipe = g.recipe[1:]
	return c
}

func (g *generator) name(prefix string) string {
	g.fresh++
	return fmt.Sprintf("%s%d", prefix, g.fresh)
}

func (g *generator) p(format string, args ...any) {
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

const preamble = `import (
	"context"
	"sync"
	"time"
)

var (
	_ = context.Background
	_ = time.Sleep
	_ sync.Mutex
)

// server holds the state its methods share with their goroutines.
type server struct {
	mu   sync.Mutex
	cond *sync.Cond
	jobs chan int
	wg   sync.WaitGroup
	n    int
	m    map[int]int
}

var counter int
`

func (g *generator) file() {
	isMain := g.pick(4) == 0
	if isMain {
		g.p("package main\n")
		g.funcs = append(g.funcs, funcDecl{"main", mainFunc})
	} else {
		g.p("package gen\n")
	}
	g.p("%s", preamble)
	for i := range 1 + g.pick(maxFuncs) {
		kind := []funcKind{plainFunc, plainFunc, methodFunc, genericFunc}[g.pick(4)]
		g.funcs = append(g.funcs, funcDecl{fmt.Sprintf("%s%d", map[funcKind]string{plainFunc: "f", methodFunc: "m", genericFunc: "g"}[kind], i), kind})
	}
	for _, f := range g.funcs {
		g.funcDecl(f)
	}
}

func (g *generator) funcDecl(f funcDecl) {
	s := scope{elem: "int", value: "n", inFunc: f.kind}
	switch f.kind {
	case plainFunc:
		g.p("func %s(ctx context.Context, in chan int, out chan<- int, wg *sync.WaitGroup, mu *sync.Mutex, n int) {", f.name)
		s.chans = []chanVar{{"in", ""}, {"out", "->"}}
		s.wgs = []addressable{{"wg", "wg"}}
		s.mus = []addressable{{"mu", "mu"}}
		s.ctxs = []string{"ctx"}
		s.ints = []string{"n"}
	case methodFunc:
		g.p("func (s *server) %s(ctx context.Context, n int) {", f.name)
		s.chans = []chanVar{{"s.jobs", ""}}
		s.wgs = []addressable{{"s.wg", "&s.wg"}}
		s.mus = []addressable{{"s.mu", "&s.mu"}}
		s.ctxs = []string{"ctx"}
		s.ints = []string{"n", "s.n"}
		s.cond = true
	case genericFunc:
		g.p("func %s[T any](ctx context.Context, in chan T, v T, wg *sync.WaitGroup) {", f.name)
		s.chans = []chanVar{{"in", ""}}
		s.wgs = []addressable{{"wg", "wg"}}
		s.ctxs = []string{"ctx"}
		s.elem, s.value = "T", "v"
	case mainFunc:
		g.p("func main() {\nctx := context.Background()\n_ = ctx\nn := 3\n_ = n")
		s.ctxs = []string{"ctx"}
		s.ints = []string{"n"}
	}
	g.scope = s
	g.block(0)
	g.p("}\n")
}

// block writes statements until the recipe picks the end, or the limit.
func (g *generator) block(depth int) {
	saved := g.scope
	for range maxStmts {
		if !g.stmt(depth) {
			break
		}
	}
	g.scope = saved
}

// nested writes a block one level deeper, with inLoop as given.
func (g *generator) nested(depth int, inLoop bool) {
	outer := g.scope.inLoop
	g.scope.inLoop = inLoop
	if depth < maxDepth {
		g.block(depth + 1)
	}
	g.scope.inLoop = outer
}

// stmt writes one statement and reports false at the end of the block.
func (g *generator) stmt(depth int) bool {
	s := &g.scope
	switch g.pick(20) {
	case 0:
		return false
	case 1:
		name := g.name("ch")
		buf := []string{"", ", 1"}[g.pick(2)]
		g.p("%s := make(chan %s%s)\n_ = %s", name, s.elem, buf, name)
		s.chans = append(s.chans, chanVar{name, ""})
	case 2:
		if g.pick(3) == 0 && g.call("go ") {
			break
		}
		g.p("go func() {")
		g.nested(depth, false)
		g.p("}()")
	case 3:
		if c, ok := g.chanFor("->"); ok {
			g.p("%s <- %s", c, s.value)
		}
	case 4:
		if c, ok := g.chanFor("<-"); ok {
			x := g.name("x")
			switch g.pick(3) {
			case 0:
				g.p("<-%s", c)
			case 1:
				g.p("%s := <-%s\n_ = %s", x, c, x)
			case 2:
				g.p("%s, ok := <-%s\n_, _ = %s, ok", x, c, x)
			}
		}
	case 5:
		if c, ok := g.chanFor("->"); ok {
			g.p("close(%s)", c)
		}
	case 6:
		if c, ok := g.chanFor("<-"); ok {
			x := g.name("x")
			g.p("for %s := range %s {\n_ = %s", x, c, x)
			g.nested(depth, true)
			g.p("}")
		}
	case 7:
		g.selectStmt(depth)
	case 8:
		g.wgStmt(depth)
	case 9:
		g.muStmt()
	case 10:
		g.p("if %s > %d {", g.intExpr(), g.pick(4))
		g.nested(depth, s.inLoop)
		if g.pick(2) == 0 {
			g.p("} else {")
			g.nested(depth, s.inLoop)
		}
		g.p("}")
	case 11:
		g.loop(depth)
	case 12:
		switch {
		case s.inLoop && g.pick(2) == 0:
			g.p("%s", []string{"break", "continue"}[g.pick(2)])
		default:
			g.p("return")
		}
	case 13:
		g.p("time.Sleep(%d * time.Millisecond)", 1+g.pick(100))
	case 14:
		g.tickerStmt(depth)
	case 15:
		switch g.pick(3) {
		case 0:
			g.p("counter++")
		case 1:
			if len(s.ints) > 0 {
				g.p("%s++", s.ints[g.pick(len(s.ints))])
			}
		case 2:
			if s.inFunc == methodFunc {
				g.p("s.m[%s] = %d", g.intExpr(), g.pick(10))
			}
		}
	case 16:
		if len(s.mus) > 0 {
			m := s.mus[g.pick(len(s.mus))]
			c := g.name("copied")
			g.p("%s := *%s\n_ = &%s", c, m.ptr, c)
		}
	case 17:
		if s.cond {
			switch g.pick(3) {
			case 0:
				g.p("for s.n == 0 {\ns.cond.Wait()\n}")
			case 1:
				g.p("if s.n == 0 {\ns.cond.Wait()\n}")
			case 2:
				g.p("s.cond.%s()", []string{"Signal", "Broadcast"}[g.pick(2)])
			}
		}
	case 18:
		g.call("")
	case 19:
		ctx, cancel := g.name("ctx"), g.name("cancel")
		g.p("%s, %s := context.WithCancel(%s)\n_ = %s", ctx, cancel, s.ctxs[g.pick(len(s.ctxs))], ctx)
		if g.pick(2) == 0 {
			g.p("defer %s()", cancel)
		} else {
			g.p("_ = %s", cancel)
		}
		s.ctxs = append(s.ctxs, ctx)
	}
	return true
}

// chanFor returns a channel in scope that allows the operation: "->"
// for a send or close, "<-" for a receive.
func (g *generator) chanFor(op string) (string, bool) {
	var ok []string
	for _, c := range g.scope.chans {
		if c.dir == "" || c.dir == op {
			ok = append(ok, c.name)
		}
	}
	if len(ok) == 0 {
		return "", false
	}
	return ok[g.pick(len(ok))], true
}

func (g *generator) intExpr() string {
	if len(g.scope.ints) == 0 {
		return "counter"
	}
	return g.scope.ints[g.pick(len(g.scope.ints))]
}

func (g *generator) selectStmt(depth int) {
	s := &g.scope
	g.p("select {")
	hasDefault := false
	for range 1 + g.pick(3) {
		switch g.pick(5) {
		case 0:
			if c, ok := g.chanFor("<-"); ok {
				g.p("case <-%s:", c)
			} else {
				g.p("case <-time.After(time.Second):")
			}
		case 1:
			if c, ok := g.chanFor("->"); ok {
				g.p("case %s <- %s:", c, s.value)
			} else {
				g.p("case <-time.After(time.Second):")
			}
		case 2:
			g.p("case <-%s.Done():\nreturn", s.ctxs[g.pick(len(s.ctxs))])
			continue
		case 3:
			if hasDefault {
				continue
			}
			hasDefault = true
			g.p("default:")
		case 4:
			if len(s.tickers) == 0 {
				continue
			}
			g.p("case <-%s.C:", s.tickers[g.pick(len(s.tickers))])
		}
		g.nested(depth, s.inLoop)
	}
	g.p("}")
}

func (g *generator) wgStmt(depth int) {
	s := &g.scope
	if len(s.wgs) == 0 || g.pick(4) == 0 {
		name := g.name("wg")
		g.p("var %s sync.WaitGroup\n_ = &%s", name, name)
		s.wgs = append(s.wgs, addressable{name, "&" + name})
	}
	wg := s.wgs[g.pick(len(s.wgs))].use
	switch g.pick(6) {
	case 0:
		g.p("%s.Add(%d)", wg, 1+g.pick(2))
	case 1:
		g.p("%s.Done()", wg)
	case 2:
		g.p("defer %s.Done()", wg)
	case 3:
		g.p("%s.Wait()", wg)
	case 4:
		g.p("%s.Go(func() {", wg)
		g.nested(depth, false)
		g.p("})")
	case 5:
		g.p("%s.Add(1)\ngo func() {\ndefer %s.Done()", wg, wg)
		g.nested(depth, false)
		g.p("}()")
	}
}

func (g *generator) muStmt() {
	s := &g.scope
	if len(s.mus) == 0 || g.pick(4) == 0 {
		name := g.name("mu")
		g.p("var %s sync.Mutex\n_ = &%s", name, name)
		s.mus = append(s.mus, addressable{name, "&" + name})
	}
	mu := s.mus[g.pick(len(s.mus))].use
	switch g.pick(4) {
	case 0:
		g.p("%s.Lock()", mu)
	case 1:
		g.p("%s.Unlock()", mu)
	case 2:
		g.p("defer %s.Unlock()", mu)
	case 3:
		g.p("%s.Lock()\ndefer %s.Unlock()", mu, mu)
	}
}

func (g *generator) loop(depth int) {
	s := &g.scope
	switch g.pick(4) {
	case 0:
		i := g.name("i")
		g.p("for %s := 0; %s < %s; %s++ {", i, i, g.intExpr(), i)
		saved := s.ints
		s.ints = append(s.ints, i)
		g.nested(depth, true)
		s.ints = saved
	case 1:
		g.p("for range %d {", 1+g.pick(3))
		g.nested(depth, true)
	case 2:
		g.p("for {")
		g.nested(depth, true)
	case 3:
		i := g.name("i")
		g.p("for %s := range %s {\n_ = %s", i, g.intExpr(), i)
		saved := s.ints
		s.ints = append(s.ints, i)
		g.nested(depth, true)
		s.ints = saved
	}
	g.p("}")
}

func (g *generator) tickerStmt(depth int) {
	s := &g.scope
	if len(s.tickers) == 0 || g.pick(3) == 0 {
		name := g.name("t")
		g.p("%s := time.New%s(time.Second)\n_ = %s", name, []string{"Ticker", "Ticker", "Timer"}[g.pick(3)], name)
		if g.pick(2) == 0 {
			g.p("defer %s.Stop()", name)
		}
		s.tickers = append(s.tickers, name)
		return
	}
	t := s.tickers[g.pick(len(s.tickers))]
	switch g.pick(3) {
	case 0:
		g.p("<-%s.C", t)
	case 1:
		g.p("for range %s.C {", t)
		g.nested(depth, true)
		g.p("}")
	case 2:
		g.p("%s.Stop()", t)
	}
}

// call writes a call of a generated plain function, prefixed by prefix
// ("go " or ""), if the scope has arguments for it.
func (g *generator) call(prefix string) bool {
	s := &g.scope
	var callees []string
	for _, f := range g.funcs {
		if f.kind == plainFunc {
			callees = append(callees, f.name)
		}
	}
	c, ok := g.chanFor("")
	if len(callees) == 0 || !ok || s.elem != "int" || len(s.wgs) == 0 || len(s.mus) == 0 {
		return false
	}
	out, _ := g.chanFor("->") // c at least
	g.p("%s%s(%s, %s, %s, %s, %s, %s)", prefix, callees[g.pick(len(callees))],
		s.ctxs[g.pick(len(s.ctxs))], c, out, s.wgs[g.pick(len(s.wgs))].ptr, s.mus[g.pick(len(s.mus))].ptr, g.intExpr())
	return true
}

// Recipes returns n recipes of growing length made from a fixed
// pseudo-random sequence, as seeds: the same every run.
func Recipes(n int) [][]byte {
	var out [][]byte
	x := uint32(2463534242)
	for i := range n {
		r := make([]byte, 16+i*8)
		for j := range r {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			r[j] = byte(x)
		}
		out = append(out, r)
	}
	return out
}
