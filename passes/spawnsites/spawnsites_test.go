package spawnsites_test

import (
	"fmt"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

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
	analysistest.Run(t, analysistest.TestData(), spawnsites.Analyzer, "spawnsdep")
}
