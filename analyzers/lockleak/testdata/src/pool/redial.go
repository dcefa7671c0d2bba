package pool

import "context"

// Redialer reconnects under its mutex, then hands the lock to a helper
// that unlocks it before dialling and locks it again briefly to publish
// the result, as grpc's addrConn.resetTransportAndUnlock does.
type Redialer struct {
	Pool
	ctx    context.Context
	cancel context.CancelFunc
	addrs  []string
	state  int
}

// Connect does nothing unless idle; otherwise the helper unlocks.
func (r *Redialer) Connect() {
	r.mu.Lock()
	if r.state != 0 {
		r.mu.Unlock()
		return
	}
	r.redialAndUnlock()
}

// Update restarts the dial on a goroutine that takes over the lock.
func (r *Redialer) Update(addrs []string) {
	r.mu.Lock()
	if len(addrs) == len(r.addrs) {
		r.mu.Unlock()
		return
	}
	r.addrs = addrs
	r.cancel()
	r.ctx, r.cancel = context.WithCancel(context.Background())
	go r.redialAndUnlock()
}

// redialAndUnlock must be called with r.mu held.
func (r *Redialer) redialAndUnlock() {
	ctx := r.ctx
	if ctx.Err() != nil {
		r.mu.Unlock()
		return
	}
	r.state = 1
	r.mu.Unlock()

	c, err := r.dial()

	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.state = 0
		return
	}
	r.idle = append(r.idle, c)
	r.state = 2
}

// Addrs is the look-alike that is a bug: no helper takes the lock over
// on the early return.
func (r *Redialer) Addrs() ([]string, error) {
	r.mu.Lock()
	if r.state == 0 {
		r.markIdle()
		return nil, ErrClosed // want `return at line \d+ leaves r.mu locked`
	}
	addrs := r.addrs
	r.mu.Unlock()
	return addrs, nil
}

// markIdle records that the redialer is idle.
func (r *Redialer) markIdle() { r.state = 0 }
