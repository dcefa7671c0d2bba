package runner

import (
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
)

type objectFactKey struct {
	obj types.Object
	typ reflect.Type
}

type packageFactKey struct {
	pkg *types.Package
	typ reflect.Type
}

// An ownerKey names the action of an analyzer on a type-checked package.
type ownerKey struct {
	analyzer *analysis.Analyzer
	pkg      *types.Package
}

// Facts are not copied from action to action, as x/tools' checker copies
// every fact of every dependency into each action. An action keeps the
// facts it exported, and a lookup goes to the action that exported the
// fact: the one on the package of the object, which only that action may
// put facts on. What a lookup may see follows the checker's rule, so that
// analyzers see the same facts under either driver: facts on methods,
// fields, types and constants reach every package that depends, however
// indirectly, on the one that exported them; facts on other functions
// (exported only) and variables, only the packages that import it
// directly, since only those can refer to them.

// factsOf returns the finished action of act's analyzer on pkg, or nil.
func (act *Action) factsOf(pkg *types.Package) *Action {
	if pkg == act.Package.Types {
		return act
	}
	if act.owners == nil {
		return nil // an analyzer without fact types has none to find
	}
	owner, _ := act.owners.Load(ownerKey{act.Analyzer, pkg})
	found, _ := owner.(*Action)
	return found
}

// visible reports whether the fact another package's action put on obj
// is visible to act.
func (act *Action) visible(obj types.Object) bool {
	switch obj := obj.(type) {
	case *types.Func:
		if obj.Signature().Recv() != nil {
			return true
		}
		return obj.Exported() && act.directImports[obj.Pkg()]
	case *types.Var:
		return obj.IsField() || act.directImports[obj.Pkg()]
	case *types.TypeName, *types.Const:
		return true
	}
	return false
}

// factDeps returns the actions of act's analyzer on the packages act's
// package depends on, directly or not.
func (act *Action) factDeps() []*Action {
	seen := make(map[*Action]bool)
	var deps []*Action
	var walk func(*Action)
	walk = func(a *Action) {
		for _, dep := range a.Deps {
			if dep.Analyzer == act.Analyzer && dep.Package != a.Package && !seen[dep] {
				seen[dep] = true
				deps = append(deps, dep)
				walk(dep)
			}
		}
	}
	walk(act)
	return deps
}

func factType(fact analysis.Fact) reflect.Type {
	t := reflect.TypeOf(fact)
	if t.Kind() != reflect.Pointer {
		panic(fmt.Sprintf("fact type %T is not a pointer", fact))
	}
	return t
}

// copyFact sets *ptr to the fact stored.
func copyFact(ptr, stored analysis.Fact) {
	reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(stored).Elem())
}

func (act *Action) importObjectFact(obj types.Object, ptr analysis.Fact) bool {
	if obj == nil {
		panic("ImportObjectFact of a nil object")
	}
	owner := act.factsOf(obj.Pkg())
	if owner == nil || owner != act && !act.visible(obj) {
		return false
	}
	stored, ok := owner.objectFacts[objectFactKey{obj, factType(ptr)}]
	if ok {
		copyFact(ptr, stored)
	}
	return ok
}

func (act *Action) exportObjectFact(obj types.Object, fact analysis.Fact) {
	if act.objectFacts == nil {
		panic(fmt.Sprintf("%s: ExportObjectFact(%s, %T), but the analyzer declares no fact types", act, obj, fact))
	}
	if obj.Pkg() != act.Package.Types {
		panic(fmt.Sprintf("%s: ExportObjectFact(%s, %T): the object belongs to another package", act, obj, fact))
	}
	act.objectFacts[objectFactKey{obj, factType(fact)}] = fact
}

func (act *Action) importPackageFact(pkg *types.Package, ptr analysis.Fact) bool {
	if pkg == nil {
		panic("ImportPackageFact of a nil package")
	}
	owner := act.factsOf(pkg)
	if owner == nil {
		return false
	}
	stored, ok := owner.packageFacts[packageFactKey{pkg, factType(ptr)}]
	if ok {
		copyFact(ptr, stored)
	}
	return ok
}

func (act *Action) exportPackageFact(fact analysis.Fact) {
	if act.packageFacts == nil {
		panic(fmt.Sprintf("%s: ExportPackageFact(%T), but the analyzer declares no fact types", act, fact))
	}
	act.packageFacts[packageFactKey{act.Package.Types, factType(fact)}] = fact
}

func (act *Action) allObjectFacts() []analysis.ObjectFact {
	var facts []analysis.ObjectFact
	for key, fact := range act.objectFacts {
		facts = append(facts, analysis.ObjectFact{Object: key.obj, Fact: fact})
	}
	for _, dep := range act.factDeps() {
		for key, fact := range dep.objectFacts {
			if act.visible(key.obj) {
				facts = append(facts, analysis.ObjectFact{Object: key.obj, Fact: fact})
			}
		}
	}
	return facts
}

func (act *Action) allPackageFacts() []analysis.PackageFact {
	var facts []analysis.PackageFact
	for _, a := range append(act.factDeps(), act) {
		for key, fact := range a.packageFacts {
			facts = append(facts, analysis.PackageFact{Package: key.pkg, Fact: fact})
		}
	}
	return facts
}

// readPackageFile returns a Pass.ReadFile that reads only the package's
// own files, as the analysis API requires of drivers.
func readPackageFile(pass *analysis.Pass) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		own := slices.Contains(pass.OtherFiles, name) || slices.Contains(pass.IgnoredFiles, name) ||
			slices.ContainsFunc(pass.Files, func(f *ast.File) bool { return pass.Fset.File(f.FileStart).Name() == name })
		if !own {
			return nil, fmt.Errorf("%s is not a file of package %s", name, pass.Pkg.Path())
		}
		return os.ReadFile(name)
	}
}
