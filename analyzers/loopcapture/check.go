package loopcapture

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/golint-conc/golint-conc/internal/code"
)

// A shape is one way an escaping closure can see a variable that the
// loop keeps changing.
type shape int

const (
	none shape = iota
	// perIteration: a range or 3-clause loop variable, one variable for
	// the whole loop before Go 1.22.
	perIteration
	// clauseAssigned: a variable declared outside the loop that the loop
	// clause itself assigns: for k, v = range, or for ...; ...; i++ with
	// i declared earlier. Shared in every Go version.
	clauseAssigned
	// bodyAssigned: a variable declared outside the loop and assigned in
	// its body, read by a goroutine started in the loop.
	bodyAssigned
	// writtenLoopVar: a goroutine assigns a 3-clause loop variable, which
	// the loop copies and updates between iterations (golang/go#66156).
	writtenLoopVar
)

// A loop is a for or range statement enclosing an escape.
type loop struct {
	cur  inspector.Cursor
	stmt ast.Stmt
	body *ast.BlockStmt
}

func (c *checker) check(esc *escape) {
	uses := closureUses(c.pass.TypesInfo, esc.lit)
	loops := c.enclosingLoops(esc)
	if len(uses) == 0 || len(loops) == 0 {
		return
	}
	locks := callsLock(c.pass.TypesInfo, esc.lit)
	var shared []*types.Var // perIteration findings, reported together
	var sharedLoops []*loop
	for _, u := range uses {
		sh, l := c.classify(esc, u, loops, locks)
		switch sh {
		case perIteration:
			shared = append(shared, u.v)
			sharedLoops = append(sharedLoops, l)
		case clauseAssigned:
			c.pass.Reportf(esc.cur.Node().Pos(), "%s captures %s, which %s assigns on each iteration: "+
				"one variable shared by all iterations in every Go version%s; pass it as an argument or copy it inside the loop (%s := %s)",
				subject(esc), u.v.Name(), clauseName(l.stmt), consequence(esc), u.v.Name(), u.v.Name())
		case bodyAssigned:
			c.pass.Reportf(esc.cur.Node().Pos(), "%s reads %s, which the loop overwrites each iteration: "+
				"the goroutines race and may all see the last value; declare it inside the loop or pass it as an argument",
				subject(esc), u.v.Name())
		case writtenLoopVar:
			c.pass.Reportf(esc.cur.Node().Pos(), "%s assigns loop variable %s, which the loop reads between iterations: "+
				"a data race in every Go version (since Go 1.22 with the per-iteration copy, golang/go#66156); "+
				"pass it as an argument and modify the copy",
				subject(esc), u.v.Name())
		}
	}
	if len(shared) > 0 {
		c.reportShared(esc, shared, sharedLoops)
	}
}

// classify says how the closure's use u of a variable can observe another
// iteration, and in which enclosing loop.
func (c *checker) classify(esc *escape, u use, loops []*loop, locks bool) (shape, *loop) {
	pre := !code.AtLeast(esc.version, "go1.22")
	for _, l := range loops {
		lv := c.loopVars(l)
		if lv.declared[u.v] {
			sh := none
			switch {
			case lv.threeClause && u.acc&write != 0 && !esc.deferred:
				sh = writtenLoopVar
			case pre && (!lv.threeClause || lv.clause[u.v] || lv.assigned[u.v]):
				sh = perIteration
			}
			if sh == none || c.leavesIteration(esc, l, u.v) {
				return none, nil
			}
			return sh, l
		}
		if u.v.Pos() >= l.stmt.Pos() && u.v.Pos() < l.stmt.End() {
			return none, nil // declared in the body: a fresh variable each iteration
		}
		sh := none
		switch {
		case lv.clause[u.v]:
			sh = clauseAssigned
		case !esc.deferred && u.acc == read && lv.assigned[u.v] && !locks && !c.handedBack(esc, l, u.v):
			sh = bodyAssigned
		}
		if sh != none && !c.leavesIteration(esc, l, u.v) {
			return sh, l
		}
		// An outer loop may still overwrite it.
	}
	return none, nil
}

// enclosingLoops returns the loops whose body contains the escape,
// innermost first. It stops at the enclosing function, and at a literal
// that itself escapes: that outer closure captures the same variables
// and is the one reported. A deferred call runs when its own function
// returns, so for a defer it stops at any function literal: a defer in
// func() { ... }() called in a loop runs within the iteration.
func (c *checker) enclosingLoops(esc *escape) []*loop {
	var loops []*loop
	pos := esc.cur.Node().Pos()
	for p := esc.cur.Parent(); p.Node() != nil; p = p.Parent() {
		switch n := p.Node().(type) {
		case *ast.FuncDecl:
			return loops
		case *ast.FuncLit:
			if esc.deferred || c.escapes[n] {
				return loops
			}
		case *ast.ForStmt:
			if n.Body.Pos() <= pos && pos < n.Body.End() {
				loops = append(loops, &loop{cur: p, stmt: n, body: n.Body})
			}
		case *ast.RangeStmt:
			if n.Body.Pos() <= pos && pos < n.Body.End() {
				loops = append(loops, &loop{cur: p, stmt: n, body: n.Body})
			}
		}
	}
	return loops
}

// reportShared reports the pre-Go 1.22 loop variables a closure
// captures, with a fix that copies them just before it.
func (c *checker) reportShared(esc *escape, vars []*types.Var, loops []*loop) {
	names := make([]string, len(vars))
	copies := make([]string, len(vars))
	for i, v := range vars {
		names[i] = v.Name()
		copies[i] = v.Name() + " := " + v.Name()
	}
	noun, pronoun := "loop variable", "pass it as an argument or copy it"
	if len(vars) > 1 {
		noun, pronoun = "loop variables", "pass them as arguments or copy them"
	}
	diag := analysis.Diagnostic{
		Pos: esc.cur.Node().Pos(),
		Message: fmt.Sprintf("%s captures %s %s, shared by all iterations before Go 1.22 (this file is %s)%s: %s (%s)",
			subject(esc), noun, list(names), esc.version, consequence(esc), pronoun, strings.Join(copies, "; ")),
	}
	if fix := c.copyFix(esc, vars, loops); fix != nil {
		diag.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	c.pass.Report(diag)
}

// subject names what runs the closure, for messages.
func subject(esc *escape) string {
	switch {
	case esc.deferred && esc.stored != "":
		return "deferred call of " + esc.stored
	case esc.deferred:
		return "deferred closure"
	case esc.stored != "":
		return "goroutine running " + esc.stored
	}
	return "goroutine"
}

// consequence says what goes wrong, when that is not a race.
func consequence(esc *escape) string {
	if esc.deferred {
		return ", so every deferred call sees its last value"
	}
	return ""
}

func clauseName(stmt ast.Stmt) string {
	if _, ok := stmt.(*ast.RangeStmt); ok {
		return "for ... = range"
	}
	return "the loop's post statement"
}

// list joins names as "a", "a and b" or "a, b and c".
func list(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
