package lockleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/analysisdoc"
	"github.com/golint-conc/golint-conc/internal/code"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "lockleak",
	Doc:      analysisdoc.MustExtract(doc, "lockleak"),
	URL:      "https://github.com/golint-conc/golint-conc/blob/main/docs/lockleak.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
	Run:      run,
}

// A checker holds what one run needs; a new one is made for every package.
type checker struct {
	pass      *analysis.Pass
	cfgs      *ctrlflow.CFGs
	ins       *inspector.Inspector
	helpers   *helpers
	sites     *sites                      // see callSites, built when first needed
	callers   map[ast.Node]*flow          // see callerFlow
	releasers map[fieldLock][]*types.Func // see fieldReleasers
}

func run(pass *analysis.Pass) (any, error) {
	if !code.Imports(pass.Pkg, "sync") {
		return nil, nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{
		pass:    pass,
		cfgs:    pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		ins:     ins,
		helpers: newHelpers(pass),
		callers: make(map[ast.Node]*flow),
	}
	filter := []ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}
	ins.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		// Only a function that locks can leak a lock: that cheap test
		// goes before the one of names and documentation.
		switch fn := n.(type) {
		case *ast.FuncDecl:
			if fn.Body != nil && locksDirectly(pass.TypesInfo, fn.Body) && !lockHelper(fn.Name.Name, fn.Doc) {
				c.checkFunc(fn, fn.Body, c.cfgs.FuncDecl(fn), nil)
			}
		case *ast.FuncLit:
			if locksDirectly(pass.TypesInfo, fn.Body) && !lockHelper(litName(stack), nil) {
				c.checkFunc(nil, fn.Body, c.cfgs.FuncLit(fn), outermost(stack))
			}
		}
		return true
	})
	return nil, nil
}

// checkFunc reports the returns of one function body, which locks
// directly, that leave a lock held which other paths release, its
// deferred Locks of held locks, and its Locks of held locks. decl is the
// function's declaration, nil for a literal; outer is the function a
// function literal is part of.
func (c *checker) checkFunc(decl *ast.FuncDecl, body *ast.BlockStmt, g *cfg.CFG, outer ast.Node) {
	if g == nil {
		return
	}
	f := c.newFlow(body, g)
	res := f.results()
	for _, d := range res.deferLocks {
		c.reportDeferLock(res.names, d)
	}
	for _, l := range res.leaks {
		var related []analysis.RelatedInformation
		if decl != nil {
			var helper bool
			if helper, related = c.contract(decl, f, l); helper {
				continue
			}
		}
		c.reportLeak(res.names, body, l, related)
	}
	c.checkRelocks(f, body, outer)
}

func (c *checker) reportLeak(names map[lockKey]string, body *ast.BlockStmt, l leak, related []analysis.RelatedInformation) {
	fset := c.pass.Fset
	name := names[l.key]
	where, end := "return", l.ret.End()
	if l.ret.Pos() == body.Rbrace {
		// the graph's synthetic return, whose End may lie past the file
		where, end = "end of function", body.Rbrace+1
	}
	locked, unlock, how := "locked", "Unlock", "unlock"
	if l.key.read {
		locked, unlock, how = "read-locked", "RUnlock", "call RUnlock"
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: l.ret.Pos(),
		End: end,
		Message: fmt.Sprintf("%s at line %d leaves %s %s (%s at line %d, unlocked on other paths): "+
			"the next Lock deadlocks; %s before returning or use defer %s.%s()",
			where, fset.Position(l.ret.Pos()).Line, name, locked, locked, fset.Position(l.at).Line,
			how, name, unlock),
		Related: related,
	})
}

func (c *checker) reportDeferLock(names map[lockKey]string, d deferLock) {
	name := names[d.key]
	lock, unlock, locked := "Lock", "Unlock", "locked"
	if d.key.read {
		lock, unlock, locked = "RLock", "RUnlock", "read-locked"
	}
	c.pass.Report(analysis.Diagnostic{
		Pos: d.stmt.Pos(),
		End: d.stmt.End(),
		Message: fmt.Sprintf("defer %s.%s() while %s is %s (%s at line %d): "+
			"the deferred %s deadlocks when the function returns; defer %s.%s() was meant",
			name, lock, name, locked, locked, c.pass.Fset.Position(d.at).Line, lock, name, unlock),
		SuggestedFixes: []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Defer %s.%s instead", name, unlock),
			TextEdits: []analysis.TextEdit{{Pos: d.sel.Sel.Pos(), End: d.sel.Sel.End(), NewText: []byte(unlock)}},
		}},
	})
}

// locksDirectly reports whether body calls Lock, RLock or a TryLock
// itself, outside the function literals it contains, which are checked on
// their own. Only such functions can leak a lock.
func locksDirectly(info *types.Info, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if lc, ok := lockCallOf(info, n); ok && lc.method != mUnlock {
				found = true
			}
		}
		return !found
	})
	return found
}

// lockWords are the words that, in a function's name, say it is part of
// a locking protocol: lock, tryLock, lockShared, relockAfter, flushLocked.
// Such a function may return holding a lock on purpose, for its caller to
// release, or run with its caller's lock held and release it on some
// paths only.
var lockWords = []string{"lock", "locked", "locking", "locks", "relock", "rlock", "rlocked", "unlock", "unlocked", "runlock"}

// lockDoc matches documentation that describes a locking protocol:
// "returns with c.mu held", "while holding mu", "the caller must
// unlock", "returns locked", "c.mu must be locked". The words must be in
// one sentence, and a period that is not followed by a space (the one in
// "leaves c.mu locked") does not end one.
var lockDoc = regexp.MustCompile(`(?i)\bheld\b|\bholding\b|\bcallers?\b(?:[^.]|\.\S)*\bunlocks?\b|\b(with|returns?|leaves|must be)\b(?:[^.]|\.\S)*\br?locked\b`)

// lockHelper reports whether a function with this name and documentation
// is part of a locking protocol and so is not checked.
func lockHelper(name string, doc *ast.CommentGroup) bool {
	// Every lock word contains "lock", and lower-casing works rune by
	// rune, so a name without it has none of them.
	if strings.Contains(strings.ToLower(name), "lock") {
		if slices.ContainsFunc(words(name), func(w string) bool { return slices.Contains(lockWords, w) }) {
			return true
		}
	}
	if doc == nil {
		return false
	}
	// The expression is slow; every text it matches has one of these
	// words, once lower-cased as (?i) folds it.
	text := doc.Text()
	lower := strings.ToLower(text)
	if !strings.Contains(lower, "held") && !strings.Contains(lower, "holding") &&
		!strings.Contains(lower, "unlock") && !strings.Contains(lower, "locked") {
		return false
	}
	return lockDoc.MatchString(text)
}

// words splits a Go identifier into its lower-cased words:
// "flushLocked" into flush and locked, "RLockAll" into r, lock and all,
// "read_locked" into read and locked.
func words(name string) []string {
	var out []string
	rs := []rune(name)
	start := 0
	for i := 1; i <= len(rs); i++ {
		boundary := i == len(rs) || rs[i] == '_'
		if !boundary && unicode.IsUpper(rs[i]) {
			// a new word starts at an upper-case letter that follows a
			// lower-case one, or that begins a lower-case run after an
			// acronym: "HTTPServer" is HTTP and Server.
			boundary = !unicode.IsUpper(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])
		}
		if boundary {
			if w := strings.Trim(string(rs[start:i]), "_"); w != "" {
				out = append(out, strings.ToLower(w))
			}
			start = i
		}
	}
	return out
}

// outermost returns the function declaration or literal on stack that
// is not inside another, or nil.
func outermost(stack []ast.Node) ast.Node {
	for _, n := range stack {
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return n
		}
	}
	return nil
}

// litName returns the name of the variable a function literal on top of
// stack is assigned to, as in lock := func() { ... }, or "".
func litName(stack []ast.Node) string {
	if len(stack) < 2 {
		return ""
	}
	lit := stack[len(stack)-1]
	switch p := stack[len(stack)-2].(type) {
	case *ast.AssignStmt:
		for i, rhs := range p.Rhs {
			if rhs == lit && i < len(p.Lhs) && len(p.Lhs) == len(p.Rhs) {
				if id, ok := p.Lhs[i].(*ast.Ident); ok {
					return id.Name
				}
			}
		}
	case *ast.ValueSpec:
		for i, v := range p.Values {
			if v == lit && i < len(p.Names) {
				return p.Names[i].Name
			}
		}
	case *ast.KeyValueExpr:
		if id, ok := p.Key.(*ast.Ident); ok && p.Value == lit {
			return id.Name
		}
	}
	return ""
}
