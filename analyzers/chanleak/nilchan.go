package chanleak

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// nilChans reports plain sends, receives and range loops on a local
// channel variable that is declared without a value and never assigned:
// it is nil, and an operation on a nil channel outside a select blocks
// forever. In a select, a nil channel is the idiom for disabling a case,
// and is left alone.
func (chk *checker) nilChans() {
	root := chk.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector).Root()
	for spec := range root.Preorder((*ast.ValueSpec)(nil)) {
		vs := spec.Node().(*ast.ValueSpec)
		fn, ok := enclosingFunc(spec)
		if len(vs.Values) > 0 || !ok {
			continue
		}
		for _, name := range vs.Names {
			v, ok := chk.pass.TypesInfo.Defs[name].(*types.Var)
			if !ok || !isChanType(v.Type()) {
				continue
			}
			if ops, ok := nilOps(chk.pass.TypesInfo, fn, v); ok {
				for _, op := range ops {
					chk.pass.ReportRangef(op, "%s on nil channel %s blocks forever: %s is declared but never assigned a channel; make it with make(%s)",
						opName(op), v.Name(), v.Name(), types.TypeString(v.Type(), types.RelativeTo(chk.pass.Pkg)))
				}
			}
		}
	}
}

// enclosingFunc returns the innermost function declaration or literal
// around cur: all uses of a local variable declared at cur are in it.
func enclosingFunc(cur inspector.Cursor) (inspector.Cursor, bool) {
	for fn := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return fn, true
	}
	return inspector.Cursor{}, false
}

func isChanType(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// nilOps returns the blocking operations on v outside select cases. ok is
// false when v may hold a channel after all: some use of it is anything
// but a send, a receive, a range, a select case, len or cap.
func nilOps(info *types.Info, fn inspector.Cursor, v *types.Var) (ops []ast.Node, ok bool) {
	scope := v.Parent()
	if scope == nil {
		return nil, false
	}
	for cur := range fn.Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if id.Pos() < scope.Pos() || id.Pos() > scope.End() || info.Uses[id] != v {
			continue
		}
		parent := cur.Parent()
		switch kind := cur.ParentEdgeKind(); {
		case kind == edge.SendStmt_Chan:
			if !isSelectComm(parent) {
				ops = append(ops, parent.Node())
			}
		case kind == edge.UnaryExpr_X && parent.Node().(*ast.UnaryExpr).Op == token.ARROW:
			if !inSelectComm(parent) {
				ops = append(ops, parent.Node())
			}
		case kind == edge.RangeStmt_X:
			ops = append(ops, parent.Node().(*ast.RangeStmt).X)
		case kind == edge.CallExpr_Args && isBuiltin(info, parent.Node().(*ast.CallExpr), "len", "cap"):
		default:
			return nil, false
		}
	}
	return ops, true
}

// isSelectComm reports whether cur is the communication of a select case.
func isSelectComm(cur inspector.Cursor) bool {
	return cur.ParentEdgeKind() == edge.CommClause_Comm
}

// inSelectComm reports whether the receive at cur is, or is the value of,
// a select case's communication: <-c, v := <-c, v, ok = <-c.
func inSelectComm(cur inspector.Cursor) bool {
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	switch cur.ParentEdgeKind() {
	case edge.ExprStmt_X, edge.AssignStmt_Rhs:
		return isSelectComm(cur.Parent())
	}
	return false
}

func isBuiltin(info *types.Info, call *ast.CallExpr, names ...string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	if !ok {
		return false
	}
	for _, name := range names {
		if b.Name() == name {
			return true
		}
	}
	return false
}

func opName(n ast.Node) string {
	switch n.(type) {
	case *ast.SendStmt:
		return "send"
	case *ast.UnaryExpr:
		return "receive"
	}
	return "range"
}
