package chanleak

import (
	"fmt"
	"go/ast"
	"go/token"

	"github.com/golint-conc/golint-conc/internal/code"
	"github.com/golint-conc/golint-conc/passes/chanops"
)

// starved reports a channel that more receives are sure to wait on than
// values can ever be sent, with no close (C7, one signal for two
// receivers): a value wakes one receiver only, so the others wait
// forever. It counts each send that runs at most once (no loop around it
// or its go statement) and each plain receive that runs on every path of
// a goroutine the maker is sure to start. Timing does not matter: without
// a close, no more receives can complete than values are sent.
func (chk *checker) starved(c *chanops.Chan) bool {
	sends := 0
	var sure []*chanops.Op
	for _, op := range c.Ops {
		if op.ViaCall != nil || op.Kind == chanops.Close || op.Kind == chanops.Range || op.InLoop {
			return false
		}
		body := code.FuncBody(op.Func)
		if body == nil || inLoop(body, op.Node) {
			return false
		}
		switch op.Kind {
		case chanops.Send:
			sends++
		case chanops.Recv:
			if op.Select == nil && !op.Deferred && chk.surelyRuns(c, op) {
				sure = append(sure, op)
			}
		}
	}
	if len(sure) <= sends {
		return false
	}
	at := sure[len(sure)-1]
	for _, op := range sure {
		if op.Goroutine == nil {
			at = op // the maker's own wait is the one users look at
		}
	}
	name := c.Var.Name()
	chk.pass.ReportRangef(at.Node, "%d receives wait on %s, but %s sent on it and it is never closed: a value wakes only one receiver, so %s blocks forever; close %s to wake every receiver, or send once per receiver",
		len(sure), name, sentTimes(sends), onlyOthers(len(sure)-sends), name)
	return true
}

// surelyRuns reports whether op, a receive, runs whenever the maker of c
// runs to its end: it is unconditional in its function, and that function
// is the maker or a function literal the maker surely starts.
func (chk *checker) surelyRuns(c *chanops.Chan, op *chanops.Op) bool {
	if op.Goroutine == nil {
		return op.Func == c.Func && unconditional(code.FuncBody(c.Func), op.Node)
	}
	site := op.Goroutine
	return site.Lit != nil && op.Func == site.Lit && site.Func == c.Func &&
		unconditional(site.Lit.Body, op.Node) && unconditional(code.FuncBody(c.Func), site.Node)
}

// unconditional reports whether n is in a top-level statement of body
// that every path through body reaches, outside && and || operands and
// function literals.
func unconditional(body *ast.BlockStmt, n ast.Node) bool {
	for _, s := range body.List {
		if !encloses(s, n) {
			if code.MayLeave(s) || endless(s) {
				return false
			}
			continue
		}
		switch s.(type) {
		case *ast.ExprStmt, *ast.AssignStmt, *ast.DeclStmt, *ast.GoStmt, *ast.SendStmt:
		default:
			return false
		}
		guarded := false
		ast.Inspect(s, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				guarded = guarded || encloses(m, n)
			case *ast.BinaryExpr:
				if m.Op == token.LAND || m.Op == token.LOR {
					guarded = guarded || encloses(m.Y, n)
				}
			}
			return !guarded
		})
		return !guarded
	}
	return false
}

// endless reports whether s is a loop with no condition, which the
// statements after it may never follow.
func endless(s ast.Stmt) bool {
	f, ok := s.(*ast.ForStmt)
	return ok && f.Cond == nil
}

func sentTimes(n int) string {
	switch n {
	case 0:
		return "nothing is"
	case 1:
		return "only one value is"
	}
	return fmt.Sprintf("only %d values are", n)
}

func onlyOthers(n int) string {
	if n == 1 {
		return "one of them"
	}
	return fmt.Sprintf("%d of them", n)
}
