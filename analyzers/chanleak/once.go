package chanleak

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/golint-conc/golint-conc/internal/code"
)

// SendsOnceFact records the channel parameters a function sends on exactly
// once on every path through it, with a plain send, and does nothing else
// with: go fetch(url, ch) then delivers exactly one value. Counting senders
// against receives needs that; chanops' summary cannot say "once".
type SendsOnceFact struct {
	Params []uint8
}

func (*SendsOnceFact) AFact() {}

func (f *SendsOnceFact) String() string {
	var parts []string
	for _, i := range f.Params {
		parts = append(parts, strconv.Itoa(int(i)))
	}
	return "sendsonce(" + strings.Join(parts, " ") + ")"
}

// exportSendsOnce exports a SendsOnceFact for each function declared in
// the package that sends exactly once on some channel parameter.
func exportSendsOnce(pass *analysis.Pass) {
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			var once []uint8
			params := fn.Signature().Params()
			for i := range min(params.Len(), 256) {
				p := params.At(i)
				if _, isChan := p.Type().Underlying().(*types.Chan); !isChan || p.Name() == "" || p.Name() == "_" {
					continue
				}
				if paramSendsOnce(pass.TypesInfo, fd.Body, p) {
					once = append(once, uint8(i))
				}
			}
			if len(once) > 0 {
				pass.ExportObjectFact(fn, &SendsOnceFact{Params: once})
			}
		}
	}
}

func paramSendsOnce(info *types.Info, body *ast.BlockStmt, p *types.Var) bool {
	uses := func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && info.Uses[id] == p {
				found = true
			}
			return !found
		})
		return found
	}
	w := onceWalk{
		isSend: func(s ast.Stmt) bool {
			send, ok := s.(*ast.SendStmt)
			if !ok {
				return false
			}
			id, ok := ast.Unparen(send.Chan).(*ast.Ident)
			return ok && info.Uses[id] == p && !uses(send.Value)
		},
		mentions: uses,
	}
	return w.once(body)
}

// sendsOnce reports whether fn sends exactly once on its i-th parameter.
func sendsOnce(pass *analysis.Pass, fn *types.Func, i int) bool {
	var fact SendsOnceFact
	if fn == nil || !pass.ImportObjectFact(fn.Origin(), &fact) {
		return false
	}
	for _, p := range fact.Params {
		if int(p) == i {
			return true
		}
	}
	return false
}

// A onceWalk decides whether a function body sends on one channel exactly
// once on every path: each path that returns or falls off the end passes
// exactly one statement isSend accepts. It understands straight-line code
// and if/else; any other statement that mentions the channel, and any
// return or goto inside a loop, switch or select, make the answer no.
type onceWalk struct {
	isSend   func(ast.Stmt) bool
	mentions func(ast.Node) bool
}

func (w onceWalk) once(body *ast.BlockStmt) bool {
	sent, done, ok := w.block(body.List, false)
	return ok && (done || sent)
}

// block walks list entered with sent saying whether the channel was
// already sent on. It returns whether it was sent on when control falls
// off the end of list, whether control cannot fall off the end, and ok
// false when some path sends twice or returns without sending.
func (w onceWalk) block(list []ast.Stmt, sent bool) (after, done, ok bool) {
	for _, s := range list {
		if w.isSend(s) {
			if sent {
				return false, false, false
			}
			sent = true
			if _, ret := s.(*ast.ReturnStmt); ret {
				return true, true, true
			}
			continue
		}
		switch s := s.(type) {
		case *ast.ReturnStmt:
			return sent, true, sent && !w.mentions(s)
		case *ast.IfStmt:
			if s.Init != nil && w.mentions(s.Init) || w.mentions(s.Cond) {
				return false, false, false
			}
			s1, d1, ok1 := w.block(s.Body.List, sent)
			s2, d2, ok2 := sent, false, true
			switch e := s.Else.(type) {
			case *ast.BlockStmt:
				s2, d2, ok2 = w.block(e.List, sent)
			case *ast.IfStmt:
				s2, d2, ok2 = w.block([]ast.Stmt{e}, sent)
			}
			switch {
			case !ok1 || !ok2:
				return false, false, false
			case d1 && d2:
				return sent, true, true
			case d1:
				sent = s2
			case d2:
				sent = s1
			case s1 != s2:
				return false, false, false // one branch sends, the other not
			default:
				sent = s1
			}
		case *ast.BlockStmt:
			after, done, ok := w.block(s.List, sent)
			if !ok || done {
				return after, done, ok
			}
			sent = after
		default:
			if w.mentions(s) || code.MayLeave(s) {
				return false, false, false
			}
		}
	}
	return sent, false, true
}
