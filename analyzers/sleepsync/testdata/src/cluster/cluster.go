// Package cluster runs nodes that stand for election when the leader's
// heartbeats stop for longer than their election timeout.
package cluster

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

const (
	Follower int32 = iota
	Candidate
)

type Config struct {
	ElectionTimeout time.Duration // want ElectionTimeout:"times out"
}

type Node struct {
	cfg   Config
	state atomic.Int32
	beats chan struct{}
	votes chan<- string

	mu       sync.Mutex
	lastBeat time.Time
}

func NewNode(cfg Config, votes chan<- string) *Node {
	return &Node{cfg: cfg, beats: make(chan struct{}, 1), votes: votes, lastBeat: time.Now()}
}

// Run follows heartbeats until ctx is done, and asks for votes each time
// they stop for an election timeout.
func (n *Node) Run(ctx context.Context) { // want Run:"waits"
	for {
		select {
		case <-ctx.Done():
			return
		case <-n.beats:
			n.mu.Lock()
			n.lastBeat = time.Now()
			n.mu.Unlock()
		case <-time.After(n.cfg.ElectionTimeout):
			n.state.Store(Candidate)
			n.votes <- "request-vote"
		}
	}
}

func (n *Node) Heartbeat() {
	select {
	case n.beats <- struct{}{}:
	default:
	}
}

func (n *Node) State() int32 { return n.state.Load() }

// Stale reports whether the leader has been silent for an election
// timeout, by the clock rather than by what Run has done.
func (n *Node) Stale() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return time.Since(n.lastBeat) > n.cfg.ElectionTimeout
}
