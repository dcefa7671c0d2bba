// Package chanops defines an analysis that finds the channels a package
// makes and every operation on each of them.
//
// # Analyzer chanops
//
// chanops: find local channels and the sends, receives, ranges and closes on them
//
// The result, a *Result, lists each channel made with make(chan T) or
// make(chan T, n) and bound to a local variable, with its element type and
// constant capacity, and every operation on it in source order: a send, a
// receive, a range loop or a close, whether it is a select case, whether it
// may run more than once, and which goroutine performs it (the creator's,
// one started by a go statement, wg.Go or g.Go on a function literal, or
// one running a named function the channel is passed to). Copies of the
// variable, direction conversions and the parameters of function literals
// it is passed to are followed as the same channel.
//
// A channel passed to a function is followed into it through a summary of
// what the function does with each channel parameter; the summaries of
// this package's functions are computed from their bodies and exported as
// a ChanParamFact, so calls into other packages are followed too. Any other
// way the channel can reach code the pass does not see (returned, stored in
// a field, map, slice, global or interface, sent on another channel,
// passed to an unknown function or through ...any, captured by a closure
// that is neither the literal of a go statement, wg.Go or g.Go nor called
// in place (a closure stored in a variable counts, even when started with
// go), its address taken, or the variable reassigned) marks it as
// escaping, and analyzers should then stay silent about it.
package chanops
