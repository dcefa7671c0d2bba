// Package chanparams calls functions with channel parameters from this
// package and from chandep; Result.ParamUse must know both.
package chanparams

import (
	"fmt"
	"sync"

	"chandep"
)

// notify closes done once its work is finished.
func notify(done chan<- struct{}, work func()) {
	defer close(done)
	work()
}

// relay forwards through a local helper.
func relay(in <-chan string, out chan<- string) {
	for s := range in {
		out <- s
	}
}

// publish keeps the channel: it escapes.
type hub struct {
	mu   sync.Mutex
	subs []chan<- string
}

func (h *hub) publish(sub chan<- string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.subs = append(h.subs, sub)
}

func Wire(h *hub, work func()) {
	done := make(chan struct{})
	go notify(done, work) // want `notify uses 0:close`
	<-done
	in, out := make(chan string), make(chan string, 1)
	go relay(in, out) // want `relay uses 0:range 1:send\|loop\|plainsend`
	h.publish(out)    // want `publish uses 0:escape`
	in <- "x"
	close(in)
	fmt.Println(<-out) // non-channel parameters: nothing to say

	nums := make(chan int)
	go chandep.Produce(nums, 3) // want `Produce uses 0:send\|close\|loop\|plainsend`
	chandep.Drain(nums)         // want `Drain uses 0:range`
	chandep.Ignore(nums, false) // want `Ignore uses 0:none`
	chandep.Stop(nil, nil)      // want `Stop uses 0:close\|escape 1:escape`
}
