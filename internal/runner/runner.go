// Package runner applies analyzers to packages loaded by go/packages, as
// x/tools' go/analysis/checker does, but holds far less in memory.
//
// The checker works on packages that go/packages has parsed and
// type-checked, all of them, before the first analyzer starts; it keeps
// every action's result (an action is an analyzer applied to a package)
// until the whole graph has run, and copies every fact of every dependency
// into each action. On the standard library that is 4.8 GB at the peak,
// over a gigabyte of it inspectors and control-flow graphs.
//
// Here packages loaded with metadata only (loadmode.Metadata) are parsed
// and type-checked by a typecheck action of their own, which the
// analyzers' actions on the package wait for, and which waits for its
// imports'. Ready actions run in dependency order of their packages, so
// packages finish early and few are in progress at a time. An action's
// result is dropped once every action that reads it has finished and,
// with Options.ReleasePackages, a package's Syntax and TypesInfo once
// every action on it has. Facts are not copied: each stays with the
// action that exported it, where lookups find it (facts.go).
//
// An analyzer or type-checker panic fails its action with an error that
// names the analyzer and package and gives the stack; the run goes on.
package runner

import (
	"cmp"
	"container/heap"
	"fmt"
	"go/types"
	"iter"
	"maps"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// Options control a run.
type Options struct {
	// Sequential runs one action at a time, on the calling goroutine.
	Sequential bool
	// ReleasePackages clears each package's Syntax and TypesInfo once
	// every action on it has run. The caller must not need them after
	// Run.
	ReleasePackages bool
}

// An Action is the application of one analyzer to one package.
type Action struct {
	Analyzer *analysis.Analyzer
	Package  *packages.Package
	// IsRoot marks the actions that Run was asked for, as opposed to
	// those they required.
	IsRoot bool
	// Deps are the actions whose results (same package) or facts (same
	// analyzer, imported package) this one reads.
	Deps []*Action

	// Diagnostics and Err are set once the action has run.
	Diagnostics []analysis.Diagnostic
	Err         error

	order      int       // the package's place in dependency order
	dependants []*Action // the actions that have this one among their Deps
	waitingFor int       // Deps not yet finished
	readers    int       // dependants on the same package, which read the result, not yet finished

	result any

	// The facts the action exported, and what finding those of other
	// actions takes (see facts.go).
	objectFacts   map[objectFactKey]analysis.Fact
	packageFacts  map[packageFactKey]analysis.Fact
	owners        *sync.Map // ownerKey -> finished *Action
	directImports map[*types.Package]bool
}

func (act *Action) String() string {
	return fmt.Sprintf("%s@%s", act.Analyzer.Name, act.Package.ID)
}

// A Graph is the outcome of a run.
type Graph struct {
	// Roots holds an action for each analyzer and package that Run was
	// given, packages first.
	Roots   []*Action
	actions []*Action
}

// All yields every action of the graph, those the roots required
// included, in no particular order.
func (g *Graph) All() iter.Seq[*Action] { return slices.Values(g.actions) }

// Run applies analyzers to pkgs, and to their dependencies those
// analyzers, and the ones they require, that use facts.
func Run(analyzers []*analysis.Analyzer, pkgs []*packages.Package, opts Options) (*Graph, error) {
	if err := analysis.Validate(analyzers); err != nil {
		return nil, err
	}
	g := build(analyzers, pkgs)
	workers := runtime.GOMAXPROCS(0)
	if opts.Sequential {
		workers = 1
	}
	newScheduler(g.actions, opts).run(workers)
	for _, act := range g.actions {
		act.objectFacts, act.packageFacts, act.owners, act.directImports = nil, nil, nil, nil
	}
	return g, nil
}

// typeCheck stands for the parsing and type-checking of a package loaded
// without types, an action that the analyzers' actions on the package
// depend on, and that depends on its imports' own.
var typeCheck = &analysis.Analyzer{
	Name: "typecheck",
	Doc:  "typecheck parses and type-checks a package.",
	Run:  func(*analysis.Pass) (any, error) { panic("typecheck is not run as an analyzer") },
}

// build makes the action graph: an action for each analyzer and package,
// its Deps being the analyzers it requires on the same package and, if it
// uses facts, itself on each imported package; and, for packages loaded
// without types, a typeCheck action before all those.
func build(analyzers []*analysis.Analyzer, pkgs []*packages.Package) *Graph {
	var all []*packages.Package // imports first
	order := make(map[*packages.Package]int)
	packages.Visit(pkgs, nil, func(pkg *packages.Package) {
		order[pkg] = len(all)
		all = append(all, pkg)
	})

	type key struct {
		a   *analysis.Analyzer
		pkg *packages.Package
	}
	g := new(Graph)
	byKey := make(map[key]*Action)
	newAction := func(a *analysis.Analyzer, pkg *packages.Package, deps []*Action) *Action {
		act := &Action{Analyzer: a, Package: pkg, Deps: deps, order: order[pkg]}
		byKey[key{a, pkg}] = act
		g.actions = append(g.actions, act)
		return act
	}

	// Type-check actions, imports first, so that those of the imports
	// exist when a package's is made.
	for _, pkg := range all {
		if !needsCheck(pkg) {
			continue
		}
		check := newAction(typeCheck, pkg, nil)
		for _, path := range slices.Sorted(maps.Keys(pkg.Imports)) {
			if dep := byKey[key{typeCheck, pkg.Imports[path]}]; dep != nil {
				check.Deps = append(check.Deps, dep)
			}
		}
	}

	var action func(a *analysis.Analyzer, pkg *packages.Package) *Action
	action = func(a *analysis.Analyzer, pkg *packages.Package) *Action {
		if act, ok := byKey[key{a, pkg}]; ok {
			return act
		}
		act := newAction(a, pkg, nil)
		for _, req := range a.Requires {
			act.Deps = append(act.Deps, action(req, pkg))
		}
		if len(a.FactTypes) > 0 {
			for _, path := range slices.Sorted(maps.Keys(pkg.Imports)) {
				act.Deps = append(act.Deps, action(a, pkg.Imports[path]))
			}
		}
		if check := byKey[key{typeCheck, pkg}]; check != nil {
			act.Deps = append(act.Deps, check)
		}
		return act
	}
	for _, pkg := range pkgs {
		for _, a := range analyzers {
			root := action(a, pkg)
			root.IsRoot = true
			g.Roots = append(g.Roots, root)
		}
	}

	for _, act := range g.actions {
		act.waitingFor = len(act.Deps)
		for _, dep := range act.Deps {
			dep.dependants = append(dep.dependants, act)
			if dep.Package == act.Package {
				dep.readers++ // results pass only between analyzers of one package
			}
		}
	}
	return g
}

// A scheduler runs actions whose dependencies have all finished, those
// of packages early in dependency order first.
type scheduler struct {
	opts Options

	actions []*Action
	checker *typeChecker
	owners  sync.Map // ownerKey -> finished *Action, for fact lookups

	mu        sync.Mutex
	cond      sync.Cond
	ready     readyQueue
	remaining int                       // actions not yet finished
	running   int                       // actions being executed
	pending   map[*packages.Package]int // per package, actions not yet finished
}

func newScheduler(actions []*Action, opts Options) *scheduler {
	s := &scheduler{opts: opts, actions: actions, remaining: len(actions), pending: make(map[*packages.Package]int)}
	s.cond.L = &s.mu
	var unchecked []*packages.Package
	for _, act := range actions {
		s.pending[act.Package]++
		if act.waitingFor == 0 {
			s.ready = append(s.ready, act)
		}
		if act.Analyzer == typeCheck {
			unchecked = append(unchecked, act.Package)
		}
	}
	heap.Init(&s.ready)
	s.checker = newTypeChecker(unchecked)
	return s
}

// run executes every action with the given number of workers and returns
// when all have finished.
func (s *scheduler) run(workers int) {
	if workers <= 1 {
		s.work()
		return
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(s.work)
	}
	wg.Wait()
}

// work runs ready actions until none is left to run.
func (s *scheduler) work() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		for len(s.ready) == 0 && s.remaining > 0 {
			if s.running == 0 {
				s.failStuck()
				break
			}
			s.cond.Wait()
		}
		if s.remaining == 0 {
			return
		}
		act := heap.Pop(&s.ready).(*Action)
		s.running++
		s.mu.Unlock()
		s.exec(act)
		s.mu.Lock()
		s.running--
		s.finished(act)
	}
}

// failStuck fails the actions that can never become ready, which only a
// cycle in the graph (an import cycle the loader let through) can cause:
// without it the workers would wait for each other forever.
func (s *scheduler) failStuck() {
	for _, act := range s.actions {
		if act.waitingFor > 0 {
			act.waitingFor = 0
			act.Err = fmt.Errorf("not run: %s depends on itself through a cycle", act)
			act.release()
			s.remaining--
		}
	}
	s.cond.Broadcast()
}

// finished records that act has run: it readies its dependants, makes
// its facts available and releases what nothing still to run will read.
func (s *scheduler) finished(act *Action) {
	s.remaining--
	if len(act.Analyzer.FactTypes) > 0 && act.Err == nil { // it ran, on a type-checked package
		s.owners.Store(ownerKey{act.Analyzer, act.Package.Types}, act)
	}
	for _, up := range act.dependants {
		up.waitingFor--
		if up.waitingFor == 0 {
			heap.Push(&s.ready, up)
		}
	}
	for _, dep := range act.Deps {
		if dep.Package != act.Package {
			continue
		}
		dep.readers--
		if dep.readers == 0 {
			dep.release()
		}
	}
	if act.readers == 0 {
		act.release()
	}
	s.pending[act.Package]--
	if s.pending[act.Package] == 0 && s.opts.ReleasePackages {
		act.Package.Syntax = nil
		act.Package.TypesInfo = nil
	}
	s.cond.Broadcast()
}

// release drops the action's result, which nothing will read any more.
// Facts stay until the run ends: any action that depends on the package,
// however indirectly, may look them up, and they are small.
func (act *Action) release() {
	act.result = nil
}

// readyQueue is a heap of actions, the one whose package comes first in
// dependency order on top: finishing the packages others wait for first
// keeps the number of packages in progress, and their results, small.
type readyQueue []*Action

func (q readyQueue) Len() int { return len(q) }
func (q readyQueue) Less(i, j int) bool {
	return cmp.Or(cmp.Compare(q[i].order, q[j].order), strings.Compare(q[i].Analyzer.Name, q[j].Analyzer.Name)) < 0
}
func (q readyQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *readyQueue) Push(x any)   { *q = append(*q, x.(*Action)) }
func (q *readyQueue) Pop() any {
	old := *q
	act := old[len(old)-1]
	*q = old[:len(old)-1]
	return act
}

// exec runs one action whose dependencies have all finished.
func (s *scheduler) exec(act *Action) {
	var failed []string
	for _, dep := range act.Deps {
		if dep.Err != nil {
			failed = append(failed, dep.String())
		}
	}
	if failed != nil {
		slices.Sort(failed)
		act.Err = fmt.Errorf("failed prerequisites: %s", strings.Join(failed, ", "))
		return
	}
	pkg := act.Package
	if act.Analyzer == typeCheck {
		defer func() {
			if r := recover(); r != nil {
				act.Err = fmt.Errorf("internal error: type-checking %s panicked: %v\n%s", pkg.ID, r, debug.Stack())
			}
		}()
		s.checker.check(pkg)
		return
	}
	if pkg.IllTyped && !act.Analyzer.RunDespiteErrors {
		act.Err = fmt.Errorf("analysis skipped due to errors in package")
		return
	}
	if pkg.Types == nil || pkg.TypesInfo == nil {
		act.Err = fmt.Errorf("package %s was loaded without type information", pkg.ID)
		return
	}

	inputs := make(map[*analysis.Analyzer]any)
	for _, dep := range act.Deps {
		if dep.Analyzer != typeCheck && dep.Package == pkg {
			inputs[dep.Analyzer] = dep.result
		}
	}
	if len(act.Analyzer.FactTypes) > 0 {
		act.objectFacts = make(map[objectFactKey]analysis.Fact)
		act.packageFacts = make(map[packageFactKey]analysis.Fact)
		act.owners = &s.owners
		act.directImports = make(map[*types.Package]bool, len(pkg.Imports))
		for _, imp := range pkg.Imports {
			act.directImports[imp.Types] = true
		}
	}
	pass := act.newPass(inputs)
	defer func() {
		// Facts may not be exported once Run has returned.
		pass.ExportObjectFact = nil
		pass.ExportPackageFact = nil
		if r := recover(); r != nil {
			act.result = nil
			act.Err = fmt.Errorf("internal error: %s panicked on %s: %v\n%s", act.Analyzer.Name, pkg.ID, r, debug.Stack())
		}
	}()
	result, err := act.Analyzer.Run(pass)
	if err != nil {
		act.Err = err
		return
	}
	if got, want := reflect.TypeOf(result), act.Analyzer.ResultType; got != want {
		act.Err = fmt.Errorf("internal error: %s returned a result of type %v on %s, but declares %v", act.Analyzer.Name, got, pkg.ID, want)
		return
	}
	act.result = result
}

// newPass returns the pass for act.
func (act *Action) newPass(inputs map[*analysis.Analyzer]any) *analysis.Pass {
	pkg := act.Package
	module := new(analysis.Module) // never nil, as for other drivers
	if m := pkg.Module; m != nil {
		module.Path, module.Version, module.GoVersion = m.Path, m.Version, m.GoVersion
	}
	pass := &analysis.Pass{
		Analyzer:     act.Analyzer,
		Fset:         pkg.Fset,
		Files:        pkg.Syntax,
		OtherFiles:   pkg.OtherFiles,
		IgnoredFiles: pkg.IgnoredFiles,
		Pkg:          pkg.Types,
		TypesInfo:    pkg.TypesInfo,
		TypesSizes:   pkg.TypesSizes,
		TypeErrors:   pkg.TypeErrors,
		Module:       module,
		ResultOf:     inputs,
		Report:       func(d analysis.Diagnostic) { act.Diagnostics = append(act.Diagnostics, d) },

		ImportObjectFact:  act.importObjectFact,
		ExportObjectFact:  act.exportObjectFact,
		ImportPackageFact: act.importPackageFact,
		ExportPackageFact: act.exportPackageFact,
		AllObjectFacts:    act.allObjectFacts,
		AllPackageFacts:   act.allPackageFacts,
	}
	pass.ReadFile = readPackageFile(pass)
	return pass
}
