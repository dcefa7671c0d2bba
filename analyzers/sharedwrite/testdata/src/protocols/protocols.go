// Hand-rolled synchronization that orders the writes without a
// sync.Mutex: locks taken in a condition, atomic publication, token
// rings.
package protocols

import (
	"context"
	"sync"
	"sync/atomic"
)

// A Lease is a lock that can fail to be acquired.
type Lease struct{ ch chan struct{} }

func (l *Lease) Lock(ctx context.Context) bool {
	select {
	case l.ch <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (l *Lease) Unlock() { <-l.ch }

// Renew writes under a lease acquired in an if condition.
func Renew(ctx context.Context, l *Lease, owners []string) string {
	var holder string
	var wg sync.WaitGroup
	for _, o := range owners {
		wg.Go(func() {
			if !l.Lock(ctx) {
				return
			}
			holder = o
			l.Unlock()
		})
	}
	wg.Wait()
	return holder
}

// RenewUnlocked forgets the lease on one path.
func RenewUnlocked(ctx context.Context, l *Lease, owners []string) (string, int) {
	var holder string
	var attempts int
	var wg sync.WaitGroup
	for _, o := range owners {
		wg.Go(func() {
			attempts++ // want `goroutines started in the loop at line 48 all write attempts`
			if !l.Lock(ctx) {
				return
			}
			holder = o
			l.Unlock()
		})
	}
	wg.Wait()
	return holder, attempts
}

// A Mailbox publishes a message with a release store; the reader loads
// seq before reading msg.
type Mailbox struct {
	seq atomic.Int64
	msg string
}

// Ping alternates two goroutines writing msg and publishing it with an
// atomic store; each waits to see the other's sequence number first.
func Ping(mb *Mailbox, rounds int64) {
	var wg sync.WaitGroup
	for p := range int64(2) {
		wg.Go(func() {
			for i := int64(1); i < rounds; i++ {
				if (i+p)%2 == 0 {
					mb.msg = "ping"
					mb.seq.Store(i)
				} else {
					for mb.seq.Load() != i {
					}
					_ = mb.msg
				}
			}
		})
	}
	wg.Wait()
}

// Ring passes a token between workers; only its holder writes.
func Ring(workers, limit int, log func(int)) int {
	next := 0
	chans := make([]chan bool, workers)
	for id := range workers {
		chans[id] = make(chan bool)
	}
	var wg sync.WaitGroup
	for id := range workers {
		wg.Go(func() {
			for {
				<-chans[id]
				to := chans[(id+1)%len(chans)]
				if next >= limit {
					close(to)
					return
				}
				log(next)
				next++
				to <- true
			}
		})
	}
	chans[0] <- true
	wg.Wait()
	return next
}

// Tickets counts with an atomic, then records the total with a plain
// write: still a race.
func Tickets(n int) (int64, int64) {
	var issued atomic.Int64
	var last int64
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			last = issued.Add(1) // want `all write last without synchronization`
		})
	}
	wg.Wait()
	return issued.Load(), last
}
