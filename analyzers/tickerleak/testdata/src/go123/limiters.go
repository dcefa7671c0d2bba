//go:build go1.23

package go123

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// A RateLimiter hands out tokens refilled at a fixed rate.
type RateLimiter struct {
	tokens chan struct{}
	done   chan struct{}
}

// NewRateLimiter starts a refill goroutine that nothing can stop: every
// limiter made leaks it and its ticker.
func NewRateLimiter(rate int, interval time.Duration) *RateLimiter {
	rl := &RateLimiter{tokens: make(chan struct{}, rate)}
	for i := 0; i < rate; i++ {
		rl.tokens <- struct{}{}
	}
	go func() { // want `goroutine never returns: its loop receiving from ticker.C has no exit, so the ticker fires forever, whatever the Go version, and its deferred Stop never runs; give the loop a stop channel or ctx.Done\(\) case that returns`
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for range ticker.C {
			select {
			case rl.tokens <- struct{}{}:
			default:
			}
		}
	}()
	return rl
}

// NewStoppableLimiter is the fixed version: Close ends the goroutine.
func NewStoppableLimiter(rate int, interval time.Duration) *RateLimiter {
	rl := &RateLimiter{tokens: make(chan struct{}, rate), done: make(chan struct{})}
	go func() {
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
				select {
				case rl.tokens <- struct{}{}:
				default:
				}
			case <-rl.done:
				return
			}
		}
	}()
	return rl
}

func (rl *RateLimiter) Close() { close(rl.done) }

func (rl *RateLimiter) Wait() { <-rl.tokens }

// A TokenBucket refills from a method started as a goroutine.
type TokenBucket struct {
	tokens chan struct{}
	rate   time.Duration
}

func NewTokenBucket(capacity int, rate time.Duration) *TokenBucket {
	tb := &TokenBucket{tokens: make(chan struct{}, capacity), rate: rate}
	go tb.refill() // want `goroutine never returns: its loop receiving from ticker.C has no exit`
	return tb
}

func (tb *TokenBucket) refill() {
	ticker := time.NewTicker(tb.rate)
	defer ticker.Stop()
	for range ticker.C {
		select {
		case tb.tokens <- struct{}{}:
		default:
		}
	}
}

// A Sampler records a gauge every period for as long as the process runs.
type Sampler struct {
	mu      sync.Mutex
	samples []float64
}

func NewSampler(period time.Duration, gauge func() float64) *Sampler {
	s := &Sampler{}
	go func() { // want `goroutine never returns: its loop receiving from time.Tick\(period\) has no exit`
		for range time.Tick(period) {
			s.mu.Lock()
			s.samples = append(s.samples, gauge())
			s.mu.Unlock()
		}
	}()
	return s
}

// NewSamplerCtx ends its goroutine with the context.
func NewSamplerCtx(ctx context.Context, period time.Duration, gauge func() float64) *Sampler {
	s := &Sampler{}
	go func() {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				s.mu.Lock()
				s.samples = append(s.samples, gauge())
				s.mu.Unlock()
			case <-ctx.Done():
				return
			}
		}
	}()
	return s
}

// refillUntilFull returns once the bucket is full.
func (tb *TokenBucket) refillUntilFull() {
	ticker := time.NewTicker(tb.rate)
	defer ticker.Stop()
	for range ticker.C {
		select {
		case tb.tokens <- struct{}{}:
		default:
			return
		}
	}
}

func (tb *TokenBucket) Top() {
	go tb.refillUntilFull()
}

// A Pacer's ticker is a field: Close stops it, so the goroutine is not
// the only one that can.
type Pacer struct {
	t    *time.Ticker
	next chan struct{}
}

func NewPacer(d time.Duration) *Pacer {
	p := &Pacer{t: time.NewTicker(d), next: make(chan struct{})}
	go func() {
		for range p.t.C {
			p.next <- struct{}{}
		}
	}()
	return p
}

func (p *Pacer) Close() { p.t.Stop() }

var (
	janitorOnce sync.Once
	expired     = make(map[string]time.Time)
	expiredMu   sync.Mutex
)

// startJanitor starts one process-wide sweeper, once.
func startJanitor() {
	janitorOnce.Do(func() {
		go func() {
			t := time.NewTicker(time.Minute)
			for range t.C {
				expiredMu.Lock()
				for k, at := range expired {
					if time.Now().After(at) {
						delete(expired, k)
					}
				}
				expiredMu.Unlock()
			}
		}()
	})
}

// A Purger drops stale entries in the background.
type Purger struct {
	purge  func()
	purged atomic.Int32
}

// Start's goroutine only ends with the process; its deferred cleanup
// never runs.
func (p *Purger) Start(every time.Duration) {
	go p.loop(every) // want `goroutine never returns: its loop receiving from ticker.C has no exit, so the ticker fires forever, whatever the Go version, and its deferred Stop never runs`
}

func (p *Purger) loop(every time.Duration) {
	ticker := time.NewTicker(every)
	defer func() {
		ticker.Stop()
		p.purged.Store(1)
	}()
	for {
		<-ticker.C
		p.purge()
	}
}

// StartCtx's goroutine ends with ctx, and its deferred cleanup runs.
func (p *Purger) StartCtx(ctx context.Context, every time.Duration) {
	go p.loopCtx(ctx, every)
}

func (p *Purger) loopCtx(ctx context.Context, every time.Duration) {
	ticker := time.NewTicker(every)
	defer func() {
		ticker.Stop()
		p.purged.Store(1)
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		p.purge()
	}
}

// StartFlusher shares its ticker with the goroutine it starts; nothing
// stops either.
func StartFlusher(every time.Duration, flush func()) {
	t := time.NewTicker(every)
	go func() { // want `goroutine never returns: its loop receiving from t.C has no exit, so the ticker fires forever, whatever the Go version; give`
		for range t.C {
			flush()
		}
	}()
}

// StartFlusherStop returns the ticker's Stop. That silences the ticker
// but leaves the goroutine parked on t.C for good: a goroutine leak, not
// a ticker leak, and not reported here.
func StartFlusherStop(every time.Duration, flush func()) (stop func()) {
	t := time.NewTicker(every)
	go func() {
		for range t.C {
			flush()
		}
	}()
	return t.Stop
}

// StartSampler samples until the process ends when sampling is on; the
// early return comes before the ticker, so a sampler that got as far as
// ticking never stops, and each call leaves one behind.
func StartSampler(period time.Duration, sample func()) {
	go func() { // want `goroutine never returns: its loop receiving from time.Tick\(period\) has no exit`
		if period <= 0 {
			return
		}
		for range time.Tick(period) {
			sample()
		}
	}()
}
