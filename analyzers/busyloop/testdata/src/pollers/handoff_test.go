package pollers

import (
	"testing"
	"time"
)

// TestHandoffLatency measures how many rounds a sender spins before a
// slow receiver takes the value: each round offers the next count, and
// the count is the result.
func TestHandoffLatency(t *testing.T) {
	ch := make(chan int)
	got := make(chan int, 1)
	go func() {
		time.Sleep(time.Millisecond)
		got <- <-ch
	}()
	i := 0
	for {
		select {
		case ch <- i:
			if n := <-got; n != i {
				t.Fatalf("received %d, sent %d", n, i)
			}
			return
		default:
			i++
		}
	}
}

// BenchmarkSpinUntilReady reports how many rounds a spin-wait takes: the
// case that ends the loop reads what the default counts.
func BenchmarkSpinUntilReady(b *testing.B) {
	for range b.N {
		ready := make(chan struct{})
		go close(ready)
		spins := 0
		for {
			select {
			case <-ready:
				b.ReportMetric(float64(spins), "spins/op")
				goto next
			default:
				spins++
			}
		}
	next:
	}
}

// TestBoundedPoll gives up after a fixed number of polls.
func TestBoundedPoll(t *testing.T) {
	done := make(chan struct{})
	go close(done)
	tries := 0
	for tries < 1_000_000 {
		select {
		case <-done:
			return
		default:
			tries++
		}
	}
	t.Fatal("not done")
}

// TestPollUntilStarted counts polls that nothing reads: a plain spin.
func TestPollUntilStarted(t *testing.T) {
	started := make(chan struct{})
	go func() {
		time.Sleep(time.Millisecond)
		close(started)
	}()
	polls := 0
	for {
		select {
		case <-started:
			return
		default: // want `select in a for loop has a default that neither blocks nor leaves the loop`
			polls++
		}
	}
}

// TestIdleReport counts idle rounds between reports, but the reports do
// not end the loop: it spins between them.
func TestIdleReport(t *testing.T) {
	report := make(chan struct{})
	done := make(chan struct{})
	go func() {
		report <- struct{}{}
		close(done)
	}()
	idle := 0
	for {
		select {
		case <-report:
			t.Logf("idle rounds: %d", idle)
		case <-done:
			return
		default: // want `select in a for loop has a default that neither blocks nor leaves the loop`
			idle++
		}
	}
}
