package spawnsites_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/golint-conc/golint-conc/passes/spawnsites"
)

// describe reports every spawn site as "KIND callee=NAME args=N captures=a,b
// loops=N", so the fixtures' want comments pin down what the pass found.
var describe = &analysis.Analyzer{
	Name:     "describe",
	Doc:      "report spawn sites for testing",
	Requires: []*analysis.Analyzer{spawnsites.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result)
		for _, s := range res.Sites {
			if res.Of(s.Node) != s {
				return nil, fmt.Errorf("Of does not return the site for its node")
			}
			var names []string
			for _, v := range s.Captures {
				names = append(names, v.Name())
			}
			callee := "-"
			if s.Callee != nil {
				callee = s.Callee.Name()
				if s.Recv != nil {
					callee = types.ExprString(s.Recv) + "." + callee
				}
			}
			pass.Reportf(s.Node.Pos(), "%s via=%d callee=%s args=%d captures=%s loops=%d",
				s.Kind, s.Via, callee, len(s.Args), strings.Join(names, ","), len(s.Loops()))
		}
		return nil, nil
	},
}

func TestSites(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), describe, "spawns")
}

func TestSpawnsFact(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), spawnsites.Analyzer, "spawnsdep", "spawnsuse")
}

// spawnCalls reports every call whose callee Result.Spawns knows to start
// goroutines, checking that dependents see imported facts.
var spawnCalls = &analysis.Analyzer{
	Name:     "spawncalls",
	Doc:      "report calls of spawning functions for testing",
	Requires: []*analysis.Analyzer{spawnsites.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[spawnsites.Analyzer].(*spawnsites.Result)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func); ok && res.Spawns(fn) {
						pass.Reportf(call.Pos(), "call of spawning %s", fn.Name())
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestSpawnsAcrossPackages(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), spawnCalls, "spawnscall")
}
