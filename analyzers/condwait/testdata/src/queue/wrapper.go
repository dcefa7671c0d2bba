package queue

import "sync"

// Jobs hands work to a pool; its wait helper only waits and leaves the
// loop to its callers.
type Jobs struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending []func()
	stop    bool
}

func NewJobs() *Jobs {
	j := &Jobs{}
	j.cond = sync.NewCond(&j.mu)
	return j
}

// wait blocks until the next Signal; callers hold j.mu and loop.
func (j *Jobs) wait() {
	j.cond.Wait()
}

func (j *Jobs) worker() {
	j.mu.Lock()
	defer j.mu.Unlock()
	for !j.stop {
		for len(j.pending) == 0 && !j.stop {
			j.wait()
		}
		if j.stop {
			return
		}
		job := j.pending[0]
		j.pending = j.pending[1:]
		j.mu.Unlock()
		job()
		j.mu.Lock()
	}
}

// Start runs n workers; each worker goroutine waits in its own loop.
func (j *Jobs) Start(n int) {
	for range n {
		go func() {
			j.mu.Lock()
			defer j.mu.Unlock()
			for len(j.pending) == 0 && !j.stop {
				j.cond.Wait()
			}
		}()
	}
}

// wakeOne waits for a single Signal whatever the state: there is no
// condition to re-check.
func (j *Jobs) waitTurn() {
	j.mu.Lock()
	j.cond.Wait()
	j.mu.Unlock()
}

// waitIf waits only when the caller asks it to; the flag is not shared.
func (j *Jobs) waitIf(block bool) {
	if block {
		j.cond.Wait()
	}
}

func (j *Jobs) Submit(f func()) {
	j.mu.Lock()
	j.pending = append(j.pending, f)
	j.mu.Unlock()
	j.cond.Signal()
}
