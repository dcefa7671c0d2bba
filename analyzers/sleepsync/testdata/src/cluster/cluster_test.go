package cluster

import (
	"context"
	"testing"
	"time"
)

// waitForState polls the nodes until one is in state, for at most a
// second, in a loop written with goto.
func waitForState(nodes []*Node, state int32) bool {
	limit := time.Now().Add(time.Second)
CHECK:
	for _, n := range nodes {
		if n.State() == state {
			return true
		}
	}
	if time.Now().Before(limit) {
		goto WAIT
	}
	return false
WAIT:
	time.Sleep(10 * time.Millisecond)
	goto CHECK
}

func startNodes(ctx context.Context, count int, votes chan<- string) []*Node {
	var nodes []*Node
	for range count {
		n := NewNode(Config{ElectionTimeout: 200 * time.Millisecond}, votes)
		go n.Run(ctx)
		nodes = append(nodes, n)
	}
	return nodes
}

// --- correct ---

// The heartbeat spammer runs until the deferred cancel; the sleep only
// gives the nodes time, and waitForState polls for the outcome.
func TestElectionDespiteSpam(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	nodes := startNodes(ctx, 3, make(chan string, 16))
	go func() {
		for {
			nodes[0].Heartbeat()
			select {
			case <-ctx.Done():
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	time.Sleep(50 * time.Millisecond)
	if !waitForState(nodes, Candidate) {
		t.Fatal("no node stood for election")
	}
}

// --- buggy ---

// One look instead of polling: the sleep hopes a node has stood by then.
func TestElectionDespiteSpamOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	nodes := startNodes(ctx, 3, make(chan string, 16))
	go func() {
		for {
			nodes[0].Heartbeat()
			select {
			case <-ctx.Done():
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	time.Sleep(300 * time.Millisecond) // want `wait until the goroutines started at lines 68 and 69 are ready`
	if nodes[1].State() != Candidate {
		t.Fatal("node 1 did not stand for election")
	}
}
