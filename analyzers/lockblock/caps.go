package lockblock

import (
	"go/ast"
	"go/constant"
	"go/types"
)

// capOf returns the capacity of the channels made for k in this
// package: 0 when unbuffered, -1 when unknown or when the makes differ.
func (c *checker) capOf(k key) int {
	if c.caps == nil {
		c.collectCaps()
	}
	if n, ok := c.caps[k]; ok {
		return n
	}
	return -1
}

func (c *checker) collectCaps() {
	c.caps = make(map[key]int)
	set := func(k key, n int) {
		if old, ok := c.caps[k]; ok && old != n {
			n = -1
		}
		c.caps[k] = n
	}
	for _, file := range c.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) != len(n.Rhs) {
					return true
				}
				for i, rhs := range n.Rhs {
					if cp, ok := c.makeCap(rhs); ok {
						if r, ok := c.refOf(n.Lhs[i]); ok {
							set(r.key, cp)
						}
					}
				}
			case *ast.ValueSpec:
				for i, v := range n.Values {
					if cp, ok := c.makeCap(v); ok && i < len(n.Names) {
						if r, ok := c.refOf(n.Names[i]); ok {
							set(r.key, cp)
						}
					}
				}
			case *ast.CompositeLit:
				owner := c.ownerOf(c.info.TypeOf(n), "")
				if owner == nil {
					return true
				}
				for _, e := range n.Elts {
					kv, ok := e.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					id, ok := kv.Key.(*ast.Ident)
					if cp, isMake := c.makeCap(kv.Value); ok && isMake {
						set(key{owner: owner, field: id.Name}, cp)
					}
				}
			}
			return true
		})
	}
}

// makeCap returns the capacity of make(chan T, n), -1 when n is not a
// constant; ok is false when e is not such a make.
func (c *checker) makeCap(e ast.Expr) (int, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || !isChan(c.info.TypeOf(call)) {
		return 0, false
	}
	if b, ok := c.info.Uses[identOf(call.Fun)].(*types.Builtin); !ok || b.Name() != "make" {
		return 0, false
	}
	if len(call.Args) < 2 {
		return 0, true
	}
	tv := c.info.Types[call.Args[1]]
	if tv.Value == nil {
		return -1, true
	}
	n, ok := constant.Int64Val(constant.ToInt(tv.Value))
	if !ok {
		return -1, true
	}
	return int(n), true
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}
