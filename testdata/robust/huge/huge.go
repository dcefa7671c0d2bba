// Package huge holds one small hand-written file; the test writes a
// generated file of tens of thousands of lines beside it, in a temporary
// copy of this module, as code generators produce.
package huge

// Handler is what the generated functions register.
type Handler func(in <-chan int, out chan<- int)

// Registry is filled by the generated file.
var Registry = map[string]Handler{}
