package sleepsync

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/golint-conc/golint-conc/internal/code"
)

const errgroupPath = "golang.org/x/sync/errgroup"

// connects lists the calls that dial a server, so that a sleep before
// them waits for the server to be ready.
var connects = map[string]bool{
	"net.Dial": true, "net.DialTimeout": true, "net.DialTCP": true, "net.DialUDP": true,
	"net.DialUnix": true, "net.DialIP": true, "net.Dialer.Dial": true, "net.Dialer.DialContext": true,
	"crypto/tls.Dial": true, "crypto/tls.DialWithDialer": true,
	"crypto/tls.Dialer.Dial": true, "crypto/tls.Dialer.DialContext": true,
	"net/http.Get": true, "net/http.Head": true, "net/http.Post": true, "net/http.PostForm": true,
	"net/http.Client.Do": true, "net/http.Client.Get": true, "net/http.Client.Head": true,
	"net/http.Client.Post": true, "net/http.Client.PostForm": true,
	"net/rpc.Dial": true, "net/rpc.DialHTTP": true, "net/rpc.DialHTTPPath": true,
	"net/rpc/jsonrpc.Dial":        true,
	"google.golang.org/grpc.Dial": true, "google.golang.org/grpc.DialContext": true,
	"google.golang.org/grpc.NewClient": true,
}

// listens lists the calls that bind a listening socket: once they have
// returned, dials succeed whether or not the serving goroutine has started.
var listens = map[string]bool{
	"net.Listen": true, "net.ListenTCP": true, "net.ListenUnix": true, "net.ListenPacket": true,
	"net.ListenUDP": true, "net.ListenIP": true, "net.ListenUnixgram": true,
	"net.ListenConfig.Listen": true, "net.ListenConfig.ListenPacket": true,
	"crypto/tls.Listen": true, "crypto/tls.NewListener": true,
	"net/http/httptest.NewServer": true, "net/http/httptest.NewTLSServer": true,
	"net/http/httptest.NewUnstartedServer": true,
}

// netPackages lists the packages of connects and listens, so that most
// calls are told apart without building their funcKey.
var netPackages = map[string]bool{
	"net": true, "crypto/tls": true, "net/http": true, "net/http/httptest": true,
	"net/rpc": true, "net/rpc/jsonrpc": true, "google.golang.org/grpc": true,
}

func pkgPath(fn *types.Func) string {
	if fn.Pkg() == nil {
		return ""
	}
	return fn.Pkg().Path()
}

// funcKey names fn as "path.Func" or "path.Type.Method".
func funcKey(fn *types.Func) string {
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		named, ok := types.Unalias(t).(*types.Named)
		if !ok {
			return ""
		}
		return fn.Pkg().Path() + "." + named.Obj().Name() + "." + fn.Name()
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// call returns the events of a call itself, not of its arguments.
func (fs *funcScan) call(call *ast.CallExpr) []event {
	c := fs.c
	fn := code.Callee(c.pass.TypesInfo, call)
	if fn != nil {
		fn = fn.Origin()
	}
	if fs.isStop(call.Fun, call.Args, fn) {
		return []event{{kind: evStop, node: call, v: fs.stopped(call.Fun, call.Args)}}
	}
	switch {
	case fn == nil:
		return nil
	case code.IsFunc(fn, "time", "Sleep"):
		return []event{{kind: evSleep, node: call, loop: fs.loopOf(call.Pos())}}
	case isWait(fn):
		return []event{{kind: evJoin, node: call}}
	case isCleanup(fn) && len(call.Args) == 1:
		fs.atExit(call.Args[0])
		return nil
	case fn.Name() == "Close" && len(call.Args) == 0:
		// ln.Close() on a listener a call bound, or on anything a call
		// returned: what matters is whether it was a listener.
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
				if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && fs.results[v] {
					return []event{{kind: evRelease, node: call, v: v}}
				}
			}
		}
	case netPackages[pkgPath(fn)]:
		switch key := funcKey(fn); {
		case connects[key]:
			return []event{{kind: evConnect, node: call}}
		case listens[key]:
			return []event{{kind: evListen, node: call, v: fs.assigns[call]}}
		}
	}
	evs := fs.called(fn, call)
	for i := range evs {
		if evs[i].kind == evCall || evs[i].kind == evListen {
			evs[i].v = fs.assigns[call]
		}
	}
	return evs
}

// funcValue returns the events of calling the function that f names, as
// in t.Cleanup(wg.Wait).
func (fs *funcScan) funcValue(f ast.Expr) []event {
	var id *ast.Ident
	switch f := f.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	}
	fn, _ := fs.c.pass.TypesInfo.Uses[id].(*types.Func)
	if fn != nil {
		fn = fn.Origin()
	}
	if fs.isStop(f, nil, fn) { // t.Cleanup(cancel), t.Cleanup(srv.Stop)
		return []event{{kind: evStop, node: f, v: fs.stopped(f, nil)}}
	}
	if fn == nil {
		return nil
	}
	if isWait(fn) {
		return []event{{kind: evJoin, node: f}}
	}
	return fs.called(fn, f)
}

// called returns the events of calling a function of this package, which
// the checker classifies once it knows what every function does, or of
// an imported function, which its facts describe.
func (fs *funcScan) called(fn *types.Func, node ast.Node) []event {
	c := fs.c
	switch {
	case fn.Pkg() == nil:
		return nil
	case fn.Pkg() == c.pass.Pkg:
		if c.decls[fn] != nil {
			return []event{{kind: evCall, node: node, fn: fn}}
		}
		return nil
	}
	var evs []event
	if c.pass.ImportObjectFact(fn, new(waitsFact)) {
		evs = append(evs, event{kind: evJoin, node: node, fn: fn})
	}
	if c.pass.ImportObjectFact(fn, new(spawnsFact)) {
		evs = append(evs, event{kind: evSpawn, node: node, fn: fn})
	}
	if c.pass.ImportObjectFact(fn, new(listensFact)) {
		evs = append(evs, event{kind: evListen, node: node, fn: fn})
	}
	return evs
}

// importedListen reports whether fn binds a listener and is not of this
// package: one of listens, or a function with a listensFact.
func (c *checker) importedListen(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return false
	}
	fn = fn.Origin()
	if netPackages[pkgPath(fn)] {
		return listens[funcKey(fn)]
	}
	return fn.Exported() && c.pass.ImportObjectFact(fn, new(listensFact))
}

// isWait reports whether fn blocks until other goroutines are done, or
// for synctest.Wait, blocked.
func isWait(fn *types.Func) bool {
	if fn == nil || fn.Name() != "Wait" { // every wait below is named so
		return false
	}
	if code.IsInterfaceMethod(fn) {
		return true
	}
	return isSynctest(fn, "Wait") ||
		code.IsMethod(fn, "sync", "WaitGroup", "Wait") ||
		code.IsMethod(fn, "sync", "Cond", "Wait") ||
		code.IsMethod(fn, errgroupPath, "Group", "Wait")
}

// isCleanup reports whether fn is testing's Cleanup, which registers a
// function to run when the test ends, like a defer.
func isCleanup(fn *types.Func) bool {
	return code.IsMethod(fn, "testing", "common", "Cleanup") || code.IsMethod(fn, "testing", "TB", "Cleanup")
}

// isStop reports whether calling fun, which names fn if it is a function,
// with args tells goroutines to stop: a context's cancel function,
// closing a chan struct{} or chan bool, stopping a server, or calling a
// function that a call returned, such as the stop function of
// stop := startTicker(). A sleep before it decides how long the
// goroutines run; it is not waiting for them.
func (fs *funcScan) isStop(fun ast.Expr, args []ast.Expr, fn *types.Func) bool {
	info := fs.c.pass.TypesInfo
	if t := info.TypeOf(fun); t != nil &&
		(code.IsNamed(t, "context", "CancelFunc") || code.IsNamed(t, "context", "CancelCauseFunc")) {
		return true
	}
	if id, ok := ast.Unparen(fun).(*ast.Ident); ok {
		switch obj := info.Uses[id].(type) {
		case *types.Builtin:
			return obj.Name() == "close" && len(args) == 1 && isSignalChan(info.TypeOf(args[0]))
		case *types.Var:
			// stop := startTicker(...); ...; stop()
			return fs.results[obj] && len(args) == 0
		}
	}
	if fn == nil || fn.Signature().Recv() == nil {
		return false
	}
	recv := fn.Signature().Recv().Type()
	switch fn.Name() {
	case "Stop", "Shutdown", "GracefulStop":
		return !code.IsNamed(recv, "time", "Timer") && !code.IsNamed(recv, "time", "Ticker")
	case "Close":
		return isServer(recv)
	}
	return false
}

// stopped returns what a stop stops: the cancel function or stop
// function called, the channel closed, or the server whose method is
// called; nil if it has no name.
func (fs *funcScan) stopped(fun ast.Expr, args []ast.Expr) *types.Var {
	info := fs.c.pass.TypesInfo
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		if _, ok := info.Uses[f].(*types.Builtin); ok && len(args) == 1 {
			return code.RootVar(info, args[0]) // close(quit)
		}
		return code.RootVar(info, f)
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[f]; ok && sel.Kind() == types.FieldVal {
			return code.RootVar(info, f) // s.cancel()
		}
		return code.RootVar(info, f.X) // s.Stop()
	}
	return nil
}

// isSignalChan reports whether t is a channel whose values carry no data,
// as quit and done channels do.
func isSignalChan(t types.Type) bool {
	if t == nil {
		return false
	}
	ch, ok := t.Underlying().(*types.Chan)
	if !ok {
		return false
	}
	switch elem := ch.Elem().Underlying().(type) {
	case *types.Struct:
		return elem.NumFields() == 0
	case *types.Basic:
		return elem.Kind() == types.Bool
	}
	return false
}

// isServer reports whether t has a Shutdown or Serve method, so that its
// Close stops a service rather than releasing a resource such as a file.
func isServer(t types.Type) bool {
	for _, name := range []string{"Shutdown", "Serve"} {
		if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name); obj != nil {
			if _, ok := obj.(*types.Func); ok {
				return true
			}
		}
	}
	return false
}

// isDone reports whether fn is a context's Done method, or one like it:
// a method Done() <-chan struct{}.
func isDone(fn *types.Func) bool {
	if fn == nil || fn.Name() != "Done" || fn.Signature().Recv() == nil {
		return false
	}
	sig := fn.Signature()
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 && isSignalChan(sig.Results().At(0).Type())
}

func isSignalNotify(info *types.Info, call *ast.CallExpr) bool {
	return code.IsFunc(code.Callee(info, call), "os/signal", "Notify")
}

// notJoinChan reports whether receiving from ch waits for something other
// than a goroutine of the program: a timer or ticker (any chan time.Time),
// a context's Done channel, or a channel registered with signal.Notify.
func (fs *funcScan) notJoinChan(ch ast.Expr) bool {
	info := fs.c.pass.TypesInfo
	if t := info.TypeOf(ch); t != nil {
		if c, ok := t.Underlying().(*types.Chan); ok && code.IsNamed(c.Elem(), "time", "Time") {
			return true
		}
	}
	if call, ok := ast.Unparen(ch).(*ast.CallExpr); ok && isDone(code.Callee(info, call)) {
		return true
	}
	v := code.RootVar(info, ch)
	return v != nil && fs.signals[v]
}

// joinRange reports whether a range loop receives from a channel that
// other goroutines of the program send on.
func (fs *funcScan) joinRange(rs *ast.RangeStmt) bool {
	t := fs.c.pass.TypesInfo.TypeOf(rs.X)
	if t == nil {
		return false
	}
	_, isChan := t.Underlying().(*types.Chan)
	return isChan && !fs.notJoinChan(rs.X)
}

// joinSelect reports whether sel blocks, having no default case, until
// some case receives from a channel that other goroutines send on.
func (fs *funcScan) joinSelect(sel *ast.SelectStmt) bool {
	join := false
	for _, cc := range sel.Body.List {
		var x ast.Expr
		switch comm := cc.(*ast.CommClause).Comm.(type) {
		case nil:
			return false // default: the select polls
		case *ast.ExprStmt:
			x = comm.X
		case *ast.AssignStmt:
			if len(comm.Rhs) == 1 {
				x = comm.Rhs[0]
			}
		}
		if recv, ok := ast.Unparen(x).(*ast.UnaryExpr); ok && recv.Op == token.ARROW && !fs.notJoinChan(recv.X) {
			join = true
		}
	}
	return join
}

// endsInNoReturn reports whether b's last step is a call that never
// returns, such as panic, os.Exit or log.Fatal.
func (c *checker) endsInNoReturn(b *cfg.Block) bool {
	if len(b.Nodes) == 0 {
		return false
	}
	stmt, ok := b.Nodes[len(b.Nodes)-1].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(stmt.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok {
			return b.Name() == "panic"
		}
	}
	fn := code.Callee(c.pass.TypesInfo, call)
	return fn != nil && c.cfgs.NoReturn(fn)
}
