//go:build go1.22

package go122

import (
	"math/rand"
	"time"
)

// A node is a consensus replica: it follows a leader while heartbeats
// arrive, and leads while a quorum keeps acknowledging its lease.
type node struct {
	heartbeats chan struct{}
	appends    chan []byte
	reload     chan time.Duration
	acks       chan int
	shutdown   chan struct{}
	leading    bool
}

// jitter returns a timeout between d and 2d, so that followers do not all
// stand for election at once.
func jitter(d time.Duration) <-chan time.Time {
	return time.After(d + time.Duration(rand.Int63n(int64(d))))
}

// follow waits for heartbeats; its timer is made once before the loop
// and re-armed only in its own case, after it fired, so no iteration
// abandons a running timer.
func (n *node) follow(timeout time.Duration) {
	heartbeat := time.After(timeout)
	missed := 0
	for !n.leading {
		select {
		case <-n.heartbeats:
			missed = 0
		case entry := <-n.appends:
			_ = entry
		case <-heartbeat:
			heartbeat = time.After(timeout)
			missed++
			if missed > 3 {
				n.leading = true
			}
		case <-n.shutdown:
			return
		}
	}
}

// followReloading is follow with a timeout the operator can change: a
// reload re-checks at once with time.After(0), which fires immediately.
func (n *node) followReloading(timeout time.Duration) {
	heartbeat := jitter(timeout)
	for !n.leading {
		select {
		case <-n.heartbeats:
		case d := <-n.reload:
			timeout = d
			heartbeat = time.After(0)
		case <-heartbeat:
			heartbeat = jitter(timeout)
		case <-n.shutdown:
			return
		}
	}
}

// lead renews its lease only when the lease check fires.
func (n *node) lead(lease time.Duration) {
	check := time.After(lease)
	for n.leading {
		select {
		case entry := <-n.appends:
			_ = entry
		case <-n.acks:
		case <-check:
			next := lease / 2
			if next < 10*time.Millisecond {
				next = 10 * time.Millisecond
			}
			check = time.After(next)
		case <-n.shutdown:
			return
		}
	}
}

// replicate retries a send with a backoff named before its select: every
// other case leaves the loop, so only the last timer is ever abandoned.
func (n *node) replicate(send func() error, backoff time.Duration) error {
	for {
		err := send()
		if err == nil {
			return nil
		}
		wait := time.After(backoff)
		select {
		case <-wait:
			backoff *= 2
		case <-n.shutdown:
			return err
		}
	}
}

// leadEager re-arms its lease timer at the top of every round, so every
// append or ack abandons the running one.
func (n *node) leadEager(lease time.Duration) {
	for n.leading {
		check := time.After(lease) // want `time.After in a loop's select starts a new timer for check before the select has received from the last one`
		select {
		case entry := <-n.appends:
			_ = entry
		case <-n.acks:
		case <-check:
			n.leading = false
		case <-n.shutdown:
			return
		}
	}
}

// followInline writes the heartbeat timeout in the case itself: every
// append starts another timer.
func (n *node) followInline(timeout time.Duration) {
	for !n.leading {
		select {
		case <-n.heartbeats:
		case entry := <-n.appends:
			_ = entry
		case <-time.After(timeout): // want `time.After in a loop's select starts a new timer on every iteration`
			n.leading = true
		case <-n.shutdown:
			return
		}
	}
}

// followResetting restarts the heartbeat timer on every heartbeat by
// making a new one: the running timer is abandoned each time.
func (n *node) followResetting(timeout time.Duration) {
	heartbeat := time.After(timeout)
	for !n.leading {
		select {
		case <-n.heartbeats:
			heartbeat = time.After(timeout) // want `time.After in a loop's select starts a new timer for heartbeat before the select has received from the last one`
		case <-heartbeat:
			n.leading = true
		case <-n.shutdown:
			return
		}
	}
}
