package lockleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
)

// checkLoop reports a Lock at the top level of a loop body that a path
// round the loop, through a continue or the end of the body, reaches
// again without unlocking, when the lock is free on entry to the loop.
// The check is syntactic over the body and gives up on anything it does
// not follow exactly: goto, fallthrough, a nested loop or TryLock that
// touches the lock, a lock whose root the function reassigns or that is
// declared inside the loop.
func (c *checker) checkLoop(f *flow, fnBody *ast.BlockStmt, loop ast.Stmt, unstable pathSet, live map[token.Pos]bool) {
	var body *ast.BlockStmt
	var head []ast.Node // evaluated on every iteration
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
		if l.Cond != nil {
			head = append(head, l.Cond)
		}
		if l.Post != nil {
			head = append(head, l.Post)
		}
	case *ast.RangeStmt:
		body = l.Body
	}
	for i, stmt := range body.List {
		es, ok := stmt.(*ast.ExprStmt)
		if !ok {
			continue
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok {
			continue
		}
		lc, ok := lockCallOf(c.pass.TypesInfo, call)
		if !ok || lc.method != mLock || lc.key.read || mutexType(c.pass.TypesInfo, call) == "" || !live[call.Pos()] {
			continue
		}
		root := lc.key.path.Root
		if root.Pos() >= loop.Pos() && root.Pos() < loop.End() || unstable.covers(lc.key.path) {
			continue // another lock on every iteration, or maybe so
		}
		if !f.releasedIn(lc.key, body) || !f.freeOnEntry(loop, lc.key) {
			continue
		}
		if c.tryOrGoto(body, lc.key.path) {
			continue
		}
		w := &loopWalk{s: f.scan, path: lc.key.path, label: loopLabel(c.pass.TypesInfo, fnBody, loop), inner: make(map[*types.Label]bool)}
		// what runs between the back edge and the Lock
		for _, n := range append(head, stmtNodes(body.List[:i])...) {
			if !w.apply(n, true) {
				w.unsure = true
			}
		}
		if w.held(body.List[i+1:], true) {
			w.backs = append(w.backs, body.Rbrace)
		}
		if w.unsure || len(w.backs) == 0 {
			continue
		}
		back := slices.Min(w.backs)
		how := "before the continue"
		if back == body.Rbrace {
			how = "on every path through the loop body"
		}
		name := f.scan.full[lc.key]
		c.pass.Report(analysis.Diagnostic{
			Pos: call.Pos(),
			End: call.End(),
			Message: fmt.Sprintf("%s is locked again while still held from the previous iteration: the path through line %d "+
				"goes round the loop without unlocking %s, so the next Lock blocks forever (%s is not reentrant); unlock it %s",
				name, c.pass.Fset.Position(back).Line, name, mutexType(c.pass.TypesInfo, call), how),
		})
	}
}

// releasedIn reports whether the function releases k somewhere in a
// loop body: a Lock that is never unlocked in its loop is some other
// protocol.
func (f *flow) releasedIn(k lockKey, body *ast.BlockStmt) bool {
	for _, ops := range f.ops {
		for _, o := range ops {
			if o.key == k && (o.kind == opUnlock || o.kind == opHandOff || o.kind == opDefer) && o.pos > body.Lbrace && o.pos < body.Rbrace {
				return true
			}
		}
	}
	return false
}

// freeOnEntry reports whether k's lock is held on no path that enters
// the loop from outside, and has not escaped to code that may release it.
func (f *flow) freeOnEntry(loop ast.Stmt, k lockKey) bool {
	var head *cfg.Block
	for _, b := range f.g.Blocks {
		if b.Stmt != loop {
			continue
		}
		switch b.Kind {
		case cfg.KindForLoop, cfg.KindRangeLoop:
			head = b
		case cfg.KindForBody:
			if head == nil {
				head = b // for { ... } has no head of its own
			}
		}
	}
	if head == nil {
		return false
	}
	entered := false
	for _, b := range f.g.Blocks {
		if f.in[b.Index] == nil || inLoop(b, loop) {
			continue
		}
		for i, succ := range b.Succs {
			if succ != head {
				continue
			}
			entered = true
			st := f.edge(b, i, f.transfer(b, nil))
			for _, side := range []bool{false, true} {
				if st.get(lockKey{k.path, side}).may&(sHeld|sHeldDeferred|sEscaped) != 0 {
					return false
				}
			}
		}
	}
	return entered
}

// inLoop reports whether block b belongs to loop rather than leads to it.
func inLoop(b *cfg.Block, loop ast.Stmt) bool {
	if b.Stmt == nil {
		return false
	}
	if b.Stmt == loop {
		return b.Kind != cfg.KindForDone && b.Kind != cfg.KindRangeDone
	}
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	return b.Stmt.Pos() >= body.Lbrace && b.Stmt.End() <= body.Rbrace+1
}

// loopLabel returns the label of loop, or nil.
func loopLabel(info *types.Info, fnBody ast.Node, loop ast.Stmt) *types.Label {
	var label *types.Label
	ast.Inspect(fnBody, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok && l.Stmt == loop {
			label, _ = info.Defs[l.Label].(*types.Label)
		}
		return label == nil
	})
	return label
}

func stmtNodes(list []ast.Stmt) []ast.Node {
	nodes := make([]ast.Node, len(list))
	for i, s := range list {
		nodes[i] = s
	}
	return nodes
}

// tryOrGoto reports whether a loop body tries to take the lock at path
// or contains a goto, both of which the walk does not follow.
func (c *checker) tryOrGoto(body *ast.BlockStmt, path code.Path) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BranchStmt:
			found = n.Tok == token.GOTO
		case *ast.CallExpr:
			lc, ok := lockCallOf(c.pass.TypesInfo, n)
			found = ok && lc.method == mTryLock && lc.key.path == path
		}
		return !found
	})
	return found
}
