package runner

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"sync"

	"golang.org/x/tools/go/packages"
)

// needsCheck reports whether pkg was loaded without syntax and types (as
// loadmode.For asks when analyzers need facts), so that Run must parse and
// type-check it itself.
func needsCheck(pkg *packages.Package) bool { return pkg.Types == nil }

// A typeChecker parses and type-checks packages loaded without syntax or
// types, as go/packages would have for packages.LoadAllSyntax, into one
// file set.
type typeChecker struct {
	fset *token.FileSet

	mu     sync.Mutex
	parsed map[string]*parsedFile // by file name
}

// A parsedFile is a file parsed for the first of the packages that
// compile it (a package and its test variant share files); it leaves the
// cache when the last has taken it.
type parsedFile struct {
	once  sync.Once
	file  *ast.File
	err   error
	users int
}

func newTypeChecker(pkgs []*packages.Package) *typeChecker {
	tc := &typeChecker{fset: token.NewFileSet(), parsed: make(map[string]*parsedFile)}
	for _, pkg := range pkgs {
		for _, name := range pkg.CompiledGoFiles {
			pf := tc.parsed[name]
			if pf == nil {
				pf = new(parsedFile)
				tc.parsed[name] = pf
			}
			pf.users++
		}
	}
	return tc
}

// parse returns the syntax of the named file.
func (tc *typeChecker) parse(name string) (*ast.File, error) {
	tc.mu.Lock()
	pf := tc.parsed[name]
	if pf.users--; pf.users == 0 {
		delete(tc.parsed, name)
	}
	tc.mu.Unlock()
	pf.once.Do(func() {
		src, err := os.ReadFile(name)
		if err != nil {
			pf.err = err
			return
		}
		// Object resolution is deprecated and no analyzer here uses it.
		const mode = parser.AllErrors | parser.ParseComments | parser.SkipObjectResolution
		pf.file, pf.err = parser.ParseFile(tc.fset, name, src, mode)
	})
	return pf.file, pf.err
}

// check parses and type-checks pkg, whose imports have been checked,
// filling in what go/packages fills in for packages.LoadAllSyntax.
func (tc *typeChecker) check(pkg *packages.Package) {
	pkg.Fset = tc.fset
	if pkg.PkgPath == "unsafe" {
		pkg.Types = types.Unsafe
		pkg.Syntax = []*ast.File{}
		pkg.TypesInfo = NewTypesInfo()
		return
	}
	addError := func(err error) {
		var list scanner.ErrorList
		var typeErr types.Error
		var pathErr *os.PathError
		switch {
		case errors.As(err, &list):
			for _, e := range list {
				pkg.Errors = append(pkg.Errors, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
		case errors.As(err, &typeErr):
			pkg.TypeErrors = append(pkg.TypeErrors, typeErr)
			pkg.Errors = append(pkg.Errors, packages.Error{Pos: tc.fset.Position(typeErr.Pos).String(), Msg: typeErr.Msg, Kind: packages.TypeError})
		case errors.As(err, &pathErr):
			pkg.Errors = append(pkg.Errors, packages.Error{Pos: pathErr.Path + ":1", Msg: pathErr.Err.Error(), Kind: packages.ParseError})
		default:
			pkg.Errors = append(pkg.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
		}
	}
	errorsBefore := len(pkg.Errors)

	pkg.Syntax = make([]*ast.File, 0, len(pkg.CompiledGoFiles))
	for _, name := range pkg.CompiledGoFiles {
		f, err := tc.parse(name)
		if err != nil {
			addError(err)
		}
		if f != nil {
			pkg.Syntax = append(pkg.Syntax, f)
		}
	}

	pkg.Types = types.NewPackage(pkg.PkgPath, pkg.Name)
	pkg.TypesInfo = NewTypesInfo()
	conf := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			imp := pkg.Imports[path]
			if imp == nil || imp.Types == nil {
				return nil, fmt.Errorf("no metadata for %s", path)
			}
			return imp.Types, nil
		}),
		Error: addError,
		Sizes: pkg.TypesSizes,
	}
	if pkg.Module != nil && pkg.Module.GoVersion != "" {
		conf.GoVersion = "go" + pkg.Module.GoVersion
	}
	err := types.NewChecker(conf, tc.fset, pkg.Types, pkg.TypesInfo).Files(pkg.Syntax)
	if err != nil && len(pkg.Errors) == errorsBefore {
		// An error the checker did not pass to conf.Error, such as
		// "package requires newer Go version".
		addError(err)
	}

	pkg.IllTyped = len(pkg.Errors) > 0
	for _, imp := range pkg.Imports {
		pkg.IllTyped = pkg.IllTyped || imp.IllTyped
	}
}

// NewTypesInfo returns a types.Info that records all that go/packages
// records for packages.LoadAllSyntax, as the runner's type checker does.
func NewTypesInfo() *types.Info {
	return &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
