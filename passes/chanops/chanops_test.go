package chanops_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/golint-conc/golint-conc/passes/chanops"
)

// describe reports every channel as "chan NAME cap=N ops=OP,... senders=N
// escapes=WHY",
// each OP written KIND[:CALLEE]@(main|go)[/sel][/loop][/defer][/async], so
// the fixtures' want comments pin down what the pass found.
var describe = &analysis.Analyzer{
	Name:     "describe",
	Doc:      "report channels and their operations for testing",
	Requires: []*analysis.Analyzer{chanops.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[chanops.Analyzer].(*chanops.Result)
		for _, c := range res.Chans {
			if !c.Escapes && res.ChanOf(c.Var) != c {
				return nil, fmt.Errorf("ChanOf does not return the channel of %s", c.Var.Name())
			}
			var ops []string
			sends := 0
			for _, op := range c.Ops {
				ops = append(ops, describeOp(op))
				if op.Kind == chanops.Send {
					sends++
				}
			}
			if len(c.OpsOf(chanops.Send)) != sends {
				return nil, fmt.Errorf("OpsOf(Send) disagrees with Ops for %s", c.Var.Name())
			}
			escapes := "false"
			if c.Escapes {
				escapes = c.EscapeReason
			}
			pass.Reportf(c.Make.Pos(), "chan %s cap=%d ops=%s senders=%d escapes=%s",
				c.Var.Name(), c.Cap, strings.Join(ops, ","), len(c.Senders()), escapes)
		}
		return nil, nil
	},
}

func describeOp(op *chanops.Op) string {
	s := op.Kind.String()
	if op.ViaCall != nil {
		s += ":" + op.ViaCall.Name()
	}
	if op.Goroutine != nil {
		s += "@go"
	} else {
		s += "@main"
	}
	for _, flag := range []struct {
		on   bool
		name string
	}{
		{op.Select != nil, "/sel"},
		{op.InLoop, "/loop"},
		{op.Deferred, "/defer"},
		{op.Use&chanops.InGoroutine != 0, "/async"},
	} {
		if flag.on {
			s += flag.name
		}
	}
	return s
}

func TestChans(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), describe, "chans")
}

func TestChanParamFact(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanops.Analyzer, "chandep")
}

func TestChansAcrossPackages(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), describe, "chanuse")
}

// paramUses reports, at each call of a function with channel parameters,
// what Result.ParamUse says about them, checking that dependents see
// imported facts and this package's summaries alike.
var paramUses = &analysis.Analyzer{
	Name:     "paramuses",
	Doc:      "report channel parameter summaries at calls for testing",
	Requires: []*analysis.Analyzer{chanops.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[chanops.Analyzer].(*chanops.Result)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
				if !ok {
					return true
				}
				var uses []string
				for i := range fn.Signature().Params().Len() {
					if use, ok := res.ParamUse(fn, i); ok {
						uses = append(uses, strconv.Itoa(i)+":"+use.String())
					}
				}
				if len(uses) > 0 {
					pass.Reportf(call.Pos(), "%s uses %s", fn.Name(), strings.Join(uses, " "))
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestParamUse(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), paramUses, "chanparams")
}
