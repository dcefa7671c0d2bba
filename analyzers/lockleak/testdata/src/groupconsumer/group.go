// Package groupconsumer is a Kafka-like consumer group, after franz-go:
// commits must not overlap a join and sync, so every commit first waits
// for a read lock on noCommitDuringJoinAndSync, giving up if its context
// is cancelled.
package groupconsumer

import (
	"context"
	"fmt"
	"sync"
)

type groupConsumer struct {
	noCommitDuringJoinAndSync sync.RWMutex

	mu        sync.Mutex
	committed map[string]int64
	logf      func(string, ...any)
}

// waitJoinSyncMu grabs the lock, or returns early if ctx is cancelled.
func (g *groupConsumer) waitJoinSyncMu(ctx context.Context) error {
	if g.noCommitDuringJoinAndSync.TryRLock() {
		g.logf("grabbed join/sync mu on first try")
		return nil
	}

	var (
		blockJoinSync = make(chan struct{})
		mu            sync.Mutex
		returned      bool
		maybeRUnlock  = func() {
			mu.Lock()
			defer mu.Unlock()
			if returned {
				g.noCommitDuringJoinAndSync.RUnlock()
			}
			returned = true
		}
	)

	go func() {
		g.noCommitDuringJoinAndSync.RLock()
		close(blockJoinSync)
		maybeRUnlock()
	}()

	select {
	case <-blockJoinSync:
		g.logf("grabbed join/sync mu after waiting")
		return nil
	case <-ctx.Done():
		g.logf("not grabbing mu because context canceled")
		maybeRUnlock()
		return ctx.Err()
	}
}

func (g *groupConsumer) commitOffsets(ctx context.Context, offsets map[string]int64) error {
	if err := g.waitJoinSyncMu(ctx); err != nil {
		return err
	}
	defer g.noCommitDuringJoinAndSync.RUnlock()

	g.mu.Lock()
	defer g.mu.Unlock()
	for topic, off := range offsets {
		g.committed[topic] = off
	}
	return nil
}

func (g *groupConsumer) markCommitted(ctx context.Context, topic string, off int64) error {
	err := g.waitJoinSyncMu(ctx)
	if err != nil {
		return fmt.Errorf("mark %s: %w", topic, err)
	}
	g.mu.Lock()
	g.committed[topic] = off
	g.mu.Unlock()
	g.noCommitDuringJoinAndSync.RUnlock()
	return nil
}

func (g *groupConsumer) commitIfReady(ctx context.Context, topic string) {
	if err := g.waitJoinSyncMu(ctx); err == nil {
		defer g.noCommitDuringJoinAndSync.RUnlock()
		g.logf("committing %s", topic)
	}
}
