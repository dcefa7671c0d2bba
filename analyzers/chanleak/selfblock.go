package chanleak

import (
	"go/ast"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/chanops"
)

// selfBlock reports a channel only one goroutine ever uses that it blocks
// on itself (C6), and receives from a channel nothing sends on or closes
// (C3). It returns true when the channel needs no further checks.
func (chk *checker) selfBlock(c *chanops.Chan) bool {
	if c.Cap < 0 {
		return false
	}
	var sends, recvs []*chanops.Op
	closed := false
	for _, op := range c.Ops {
		if op.ViaCall != nil {
			return false // a callee may do more than its summary says about order
		}
		switch op.Kind {
		case chanops.Send:
			sends = append(sends, op)
		case chanops.Recv, chanops.Range:
			recvs = append(recvs, op)
		case chanops.Close:
			closed = true
		}
	}
	if len(sends) == 0 && !closed {
		chk.neverSent(c, recvs)
		return true
	}
	for _, op := range c.Ops {
		if op.Goroutine != nil {
			return false // another goroutine may be the partner
		}
	}
	// A send after close panics rather than blocks: with a close, only
	// straight-line code before it shows a send that blocks.
	if c.Cap == 0 && !closed {
		for _, op := range sends {
			if op.Select == nil {
				chk.pass.ReportRangef(op.Node, "%s blocks forever sending on %s (unbuffered): no other goroutine ever receives from it, so the send has no partner; give %s a buffer for every value sent before it is received, or receive in another goroutine",
					funcName(c.Func), c.Var.Name(), c.Var.Name())
				return true // the first send that runs never returns
			}
		}
		return false
	}
	chk.overfill(c)
	return false
}

// neverSent reports plain receives from a channel that nothing sends on or
// closes: they wait forever. Receiving from such a channel in main's own
// goroutine is the idiom for blocking forever, and is left alone.
func (chk *checker) neverSent(c *chanops.Chan, recvs []*chanops.Op) {
	for _, op := range recvs {
		if op.Select != nil || op.Goroutine == nil && isMain(chk, c.Func) {
			continue
		}
		who := funcName(c.Func)
		if op.Goroutine != nil {
			who = "goroutine"
		}
		chk.pass.ReportRangef(op.Node, "%s blocks forever receiving from %s: nothing sends on %s or closes it, and it never leaves %s; send the value or close %s on every path, or drop the receive",
			who, c.Var.Name(), c.Var.Name(), funcName(c.Func), c.Var.Name())
	}
}

func isMain(chk *checker, fn ast.Node) bool {
	d, ok := fn.(*ast.FuncDecl)
	return ok && d.Recv == nil && d.Name.Name == "main" && chk.pass.Pkg.Name() == "main"
}

// overfill reports the first straight-line send past a buffered channel's
// capacity, counting the plain sends that follow its make in the same
// block before any other use of it, when no other goroutine uses it.
func (chk *checker) overfill(c *chanops.Chan) {
	list := stmtsAfter(c.Func, c.Make)
	count := 0
	for _, s := range list {
		var ops []*chanops.Op
		for _, op := range c.Ops {
			if encloses(s, op.Node) {
				ops = append(ops, op)
			}
		}
		switch s.(type) {
		case *ast.ReturnStmt, *ast.BranchStmt, *ast.LabeledStmt:
			return
		}
		if len(ops) == 0 {
			continue
		}
		if len(ops) > 1 || ops[0].Node != s || ops[0].Kind != chanops.Send {
			return
		}
		count++
		if count > c.Cap {
			name := c.Var.Name()
			chk.pass.ReportRangef(s, "%s blocks forever on this send on %s (%s): it is send number %d before any receive, and no other goroutine ever receives from %s; give %s a buffer of %d or receive before sending more",
				funcName(c.Func), name, bufDesc(c.Cap), count, name, name, count)
			return
		}
	}
}

// stmtsAfter returns the statements that follow the one holding mk in the
// statement list that holds it directly.
func stmtsAfter(fn ast.Node, mk ast.Node) []ast.Stmt {
	var after []ast.Stmt
	ast.Inspect(fn, func(n ast.Node) bool {
		if after != nil || n == nil || !encloses(n, mk) {
			return false
		}
		list := code.StmtList(n)
		for i, s := range list {
			if !encloses(s, mk) {
				continue
			}
			switch s.(type) {
			case *ast.AssignStmt, *ast.DeclStmt:
				after = list[i+1:]
				if after == nil {
					after = []ast.Stmt{}
				}
			}
			break
		}
		return true
	})
	return after
}
