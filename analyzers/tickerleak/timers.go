package tickerleak

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// checkTick reports time.Tick (or time.NewTicker(d).C) in a function that
// can return, or in a loop, which starts a new ticker each iteration. Its
// ticker can never be stopped; before Go 1.23 it is never collected
// either. main, init and endless functions are where Tick belongs.
func (c *checker) checkTick(call *ast.CallExpr, fn ast.Node, stack []ast.Node) {
	what, fix := "time.Tick", "use time.NewTicker"
	if timeFunc(c.pass.TypesInfo, call) == "NewTicker" {
		what, fix = "time.NewTicker(...).C", "keep the *time.Ticker"
	}
	if loopAround(stack, fn, call) != nil {
		c.pass.ReportRangef(call, "%s in a loop starts a new ticker on every iteration that can never be stopped and, before Go 1.23, is never collected; make one time.NewTicker before the loop and defer its Stop", what)
		return
	}
	if c.livesAsProcess(fn) || !c.returnsAfter(fn, call) {
		return // the ticker lives as long as fn, which runs for good
	}
	c.pass.ReportRangef(call, "%s's ticker can never be stopped and, before Go 1.23, is never collected, so it leaks when %s returns; %s and defer its Stop", what, funcName(fn, stack), fix)
}

// checkNew reports a ticker or timer held in a local of fn that is never
// stopped and that nothing outside fn can stop: it is not returned, stored,
// passed on or used by a closure. Before Go 1.23 an unstopped ticker is
// never collected and an unstopped timer not until it fires.
func (c *checker) checkNew(call *ast.CallExpr, fn ast.Node, stack []ast.Node, kind string) {
	v, stmt := c.boundLocal(call, fn, stack)
	if v == nil {
		return // unbound, or held somewhere that outlives fn
	}
	u := c.uses(v, fn)
	if u.stopped || u.escapes {
		return
	}
	if kind == "timer" && !u.selected {
		return // each receive waits for the timer to fire: a sleep
	}
	if loopAround(stack, fn, call) != nil {
		if kind == "ticker" {
			c.pass.ReportRangef(call, "ticker %s, made on every iteration, is never stopped: before Go 1.23 none is ever collected and all keep firing; stop it before the next iteration, or make one ticker before the loop", v.Name())
		} else {
			c.pass.ReportRangef(call, "timer %s, made on every iteration, is never stopped: before Go 1.23 each one stays in memory until it fires; stop it once its select is done, or make one timer before the loop and Reset it", v.Name())
		}
		return
	}
	if c.livesAsProcess(fn) || !c.returnsAfter(fn, call) {
		return
	}
	d := analysis.Diagnostic{
		Pos:     call.Pos(),
		End:     call.End(),
		Message: fmt.Sprintf("%s %s is never stopped: before Go 1.23 it %s, after %s returns; defer %s.Stop()", kind, v.Name(), lingers(kind), funcName(fn, stack), v.Name()),
	}
	if fix, ok := c.deferStop(v, stmt, stack); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.pass.Report(d)
}

func lingers(kind string) string {
	if kind == "ticker" {
		return "is never collected and keeps firing"
	}
	return "stays in memory until it fires"
}

// boundLocal returns the variable of fn that call's result is assigned to
// (t in t := time.NewTicker(d), t = ..., var t = ...), with the statement
// that assigns it, or nil if the result goes anywhere else.
func (c *checker) boundLocal(call *ast.CallExpr, fn ast.Node, stack []ast.Node) (*types.Var, ast.Stmt) {
	var id *ast.Ident
	var stmt ast.Stmt
	switch p := stack[len(stack)-2].(type) {
	case *ast.AssignStmt:
		for i, rhs := range p.Rhs {
			if rhs == call && len(p.Lhs) == len(p.Rhs) {
				id, _ = ast.Unparen(p.Lhs[i]).(*ast.Ident)
			}
		}
		stmt = p
	case *ast.ValueSpec:
		for i, val := range p.Values {
			if val == call && len(p.Names) == len(p.Values) {
				id = p.Names[i]
			}
		}
		if len(stack) >= 4 {
			stmt, _ = stack[len(stack)-4].(*ast.DeclStmt)
		}
	}
	if id == nil {
		return nil, nil
	}
	v, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	body := funcBody(fn)
	if v == nil || body == nil || v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return nil, nil // a field, a package variable, or a variable captured from an outer function
	}
	return v, stmt
}

func funcBody(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

// timerUses is how a function uses a ticker or timer variable.
type timerUses struct {
	stopped  bool // t.Stop called or taken as a value, anywhere
	escapes  bool // used other than by t.C, t.Reset or t.Stop, or from a closure; or t.C used other than by a receive
	selected bool // t.C is received from other than by a plain receive statement
}

// uses classifies the uses of v in fn, including its function literals.
func (c *checker) uses(v *types.Var, fn ast.Node) timerUses {
	var u timerUses
	info := c.pass.TypesInfo
	ast.PreorderStack(funcBody(fn), nil, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || info.Uses[id] != v {
			return true
		}
		inLit := false
		for _, s := range stack {
			if _, ok := s.(*ast.FuncLit); ok {
				inLit = true
			}
		}
		switch p := stack[len(stack)-1].(type) {
		case *ast.SelectorExpr:
			switch {
			case p.Sel.Name == "Stop":
				u.stopped = true
			case inLit || p.Sel.Name != "C" && p.Sel.Name != "Reset":
				u.escapes = true
			case p.Sel.Name == "C":
				u.receiveC(stack)
			}
		case *ast.AssignStmt:
			if !c.reassigned(p, id) {
				u.escapes = true
			}
		default:
			u.escapes = true
		}
		return true
	})
	return u
}

// receiveC classifies a use of t.C, the top of stack. Receiving from it,
// or ranging over it, keeps the channel in the function; anything else
// (returning it, passing it on, storing it) lets code that outlives the
// function wait on the ticker, which a deferred Stop would then silence.
func (u *timerUses) receiveC(stack []ast.Node) {
	c := stack[len(stack)-1]
	switch p := stack[len(stack)-2].(type) {
	case *ast.RangeStmt:
		if p.X == c {
			u.selected = true
			return
		}
	case *ast.UnaryExpr:
		if p.Op == token.ARROW {
			if !plainReceive(stack[:len(stack)-1]) {
				u.selected = true
			}
			return
		}
	}
	u.escapes = true
}

// plainReceive reports whether the top of stack, <-t.C, is a receive
// statement of its own (<-t.C, or x := <-t.C) outside a select, which
// returns only once the timer has fired.
func plainReceive(stack []ast.Node) bool {
	if len(stack) < 3 {
		return false
	}
	stmt := stack[len(stack)-2]
	switch stmt.(type) {
	case *ast.ExprStmt, *ast.AssignStmt:
	default:
		return false
	}
	cc, ok := stack[len(stack)-3].(*ast.CommClause)
	return !ok || cc.Comm != stmt
}

// reassigned reports whether id is assigned, in as, a new ticker or timer
// of its own, which its own creation site answers for.
func (c *checker) reassigned(as *ast.AssignStmt, id *ast.Ident) bool {
	if len(as.Lhs) != len(as.Rhs) {
		return false
	}
	for i, lhs := range as.Lhs {
		if lhs == id {
			call, ok := ast.Unparen(as.Rhs[i]).(*ast.CallExpr)
			if !ok {
				return false
			}
			name := timeFunc(c.pass.TypesInfo, call)
			return name == "NewTicker" || name == "NewTimer"
		}
	}
	return false
}

// deferStop inserts defer t.Stop() on a line of its own after stmt, the
// statement that creates the ticker. It is offered when stmt sits directly
// in a statement list (not in a loop: checkNew reports those differently),
// so the defer runs once, when the function returns, and nothing outside
// the function uses t any more.
func (c *checker) deferStop(v *types.Var, stmt ast.Stmt, stack []ast.Node) (analysis.SuggestedFix, bool) {
	if stmt == nil || !inList(stmt, stack) {
		return analysis.SuggestedFix{}, false
	}
	tf := c.pass.Fset.File(stmt.Pos())
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil {
		return analysis.SuggestedFix{}, false
	}
	start := tf.Offset(tf.LineStart(tf.Line(stmt.Pos())))
	end := tf.Offset(stmt.End())
	if start > end || end > len(src) {
		return analysis.SuggestedFix{}, false
	}
	line := src[start:end]
	indent := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]
	eol := bytes.IndexByte(src[end:], '\n')
	if eol < 0 {
		return analysis.SuggestedFix{}, false
	}
	if rest := bytes.TrimSpace(src[end : end+eol]); len(rest) > 0 && !bytes.HasPrefix(rest, []byte("//")) {
		return analysis.SuggestedFix{}, false // more code on the line
	}
	at := tf.Pos(end + eol)
	text := "\n" + string(indent) + "defer " + v.Name() + ".Stop()"
	return analysis.SuggestedFix{
		Message:   "defer " + v.Name() + ".Stop()",
		TextEdits: []analysis.TextEdit{{Pos: at, End: at, NewText: []byte(text)}},
	}, true
}

// inList reports whether stmt is an element of a statement list on stack.
func inList(stmt ast.Stmt, stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		var list []ast.Stmt
		switch p := stack[i].(type) {
		case *ast.BlockStmt:
			list = p.List
		case *ast.CaseClause:
			list = p.Body
		case *ast.CommClause:
			list = p.Body
		default:
			continue
		}
		for _, s := range list {
			if s == stmt {
				return true
			}
		}
		return false
	}
	return false
}
