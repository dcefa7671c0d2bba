package groupconsumer

import (
	"context"
	"errors"
	"sync"
)

// A leaseTable grants partition leases; rebalancing takes the write
// lock, lease holders the read lock.
type leaseTable struct {
	rebalance sync.RWMutex
	leases    map[int32]string
	closed    bool
}

var errClosed = errors.New("lease table closed")

// waitRebalance returns once no rebalance is running, or fails.
func (t *leaseTable) waitRebalance(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t.rebalance.RLock()
	if t.closed {
		t.rebalance.RUnlock()
		return errClosed
	}
	return nil // want `return at line 29 leaves t.rebalance read-locked \(read-locked at line 24, unlocked on other paths\)`
}

func (t *leaseTable) owner(ctx context.Context, p int32) (string, error) {
	if err := t.waitRebalance(ctx); err != nil {
		return "", err
	}
	defer t.rebalance.RUnlock()
	return t.leases[p], nil
}

// renew forgets the RUnlock: the next rebalance blocks forever.
func (t *leaseTable) renew(ctx context.Context, p int32, member string) error {
	if err := t.waitRebalance(ctx); err != nil {
		return err
	}
	t.leases[p] = member
	return nil
}

// A member's heartbeat returns with the read lock only when it had
// something to report, and releases it otherwise, both with a nil
// error: its callers cannot tell the two apart.
type member struct {
	state   sync.RWMutex
	pending []string
}

func (m *member) heartbeat(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.state.RLock()
	if len(m.pending) == 0 {
		m.state.RUnlock()
		return nil
	}
	return nil // want `return at line 66 leaves m.state read-locked \(read-locked at line 61, unlocked on other paths\)`
}

func (m *member) report(ctx context.Context) ([]string, error) {
	if err := m.heartbeat(ctx); err != nil {
		return nil, err
	}
	defer m.state.RUnlock()
	return append([]string(nil), m.pending...), nil
}
