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

// inherit copies into act the facts of dep, the same analyzer on an
// imported package, that code importing dep's package can reach.
func (act *Action) inherit(dep *Action) {
	for key, fact := range dep.objectFacts {
		if reachableThrough(key.obj, dep.Package.Types) {
			act.objectFacts[key] = fact
		}
	}
	for key, fact := range dep.packageFacts {
		act.packageFacts[key] = fact
	}
}

// reachableThrough reports whether a package that imports pkg may refer
// to obj: a package-level function of pkg's own that is exported, any
// method or field (embedding and promotion make them reachable from
// afar), a variable of pkg (a parameter of one of its functions cannot be
// told from a local variable, so both count), and any type or constant,
// which may appear in pkg's API. It errs on the side of keeping a fact,
// as go vet's export data would keep at least these.
func reachableThrough(obj types.Object, pkg *types.Package) bool {
	switch obj := obj.(type) {
	case *types.Func:
		if obj.Signature().Recv() != nil {
			return true
		}
		return obj.Pkg() == pkg && obj.Exported()
	case *types.Var:
		return obj.IsField() || obj.Pkg() == pkg
	case *types.TypeName, *types.Const:
		return true
	}
	return false
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
	stored, ok := act.objectFacts[objectFactKey{obj, factType(ptr)}]
	if ok {
		copyFact(ptr, stored)
	}
	return ok
}

func (act *Action) exportObjectFact(obj types.Object, fact analysis.Fact) {
	if obj.Pkg() != act.Package.Types {
		panic(fmt.Sprintf("%s: ExportObjectFact(%s, %T): the object belongs to another package", act, obj, fact))
	}
	act.objectFacts[objectFactKey{obj, factType(fact)}] = fact
}

func (act *Action) importPackageFact(pkg *types.Package, ptr analysis.Fact) bool {
	if pkg == nil {
		panic("ImportPackageFact of a nil package")
	}
	stored, ok := act.packageFacts[packageFactKey{pkg, factType(ptr)}]
	if ok {
		copyFact(ptr, stored)
	}
	return ok
}

func (act *Action) exportPackageFact(fact analysis.Fact) {
	act.packageFacts[packageFactKey{act.Package.Types, factType(fact)}] = fact
}

func (act *Action) allObjectFacts() []analysis.ObjectFact {
	facts := make([]analysis.ObjectFact, 0, len(act.objectFacts))
	for key, fact := range act.objectFacts {
		facts = append(facts, analysis.ObjectFact{Object: key.obj, Fact: fact})
	}
	return facts
}

func (act *Action) allPackageFacts() []analysis.PackageFact {
	facts := make([]analysis.PackageFact, 0, len(act.packageFacts))
	for key, fact := range act.packageFacts {
		facts = append(facts, analysis.PackageFact{Package: key.pkg, Fact: fact})
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
