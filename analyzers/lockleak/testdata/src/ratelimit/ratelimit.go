// Package ratelimit is a token-bucket rate limiter and a per-key map of
// them, the kind that sits in front of an API.
package ratelimit

import (
	"context"
	"errors"
	"log"
	"sync"
	"time"
)

var (
	errTooMany = errors.New("ratelimit: request exceeds burst")
	errBadRate = errors.New("ratelimit: rate must be positive")
)

type Limiter struct {
	mu     sync.Mutex
	tokens float64
	last   time.Time
	rate   float64
	burst  float64
}

func (l *Limiter) refill(now time.Time) {
	l.tokens += now.Sub(l.last).Seconds() * l.rate
	if l.tokens > l.burst {
		l.tokens = l.burst
	}
	l.last = now
}

func (l *Limiter) delay() time.Duration {
	return time.Duration((1 - l.tokens) / l.rate * float64(time.Second))
}

func (l *Limiter) Allow(now time.Time) bool {
	l.mu.Lock()
	l.refill(now)
	if l.tokens < 1 {
		return false // want `return at line \d+ leaves l.mu locked`
	}
	l.tokens--
	l.mu.Unlock()
	return true
}

// AllowN is Allow done right.
func (l *Limiter) AllowN(now time.Time, n float64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.refill(now)
	if l.tokens < n {
		return false
	}
	l.tokens -= n
	return true
}

// Wait retries with a goto after sleeping without the lock.
func (l *Limiter) Wait(ctx context.Context) error {
retry:
	l.mu.Lock()
	l.refill(time.Now())
	if l.tokens < 1 {
		d := l.delay()
		l.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(d):
			goto retry
		}
	}
	l.tokens--
	l.mu.Unlock()
	return nil
}

func (l *Limiter) Take(n float64) error {
	l.mu.Lock()
	if n > l.burst {
		goto fail
	}
	l.tokens -= n
	l.mu.Unlock()
	return nil
fail:
	return errTooMany // want `leaves l.mu locked`
}

// SetRate jumps to a label that unlocks.
func (l *Limiter) SetRate(r float64) error {
	l.mu.Lock()
	var err error
	if r <= 0 {
		err = errBadRate
		goto out
	}
	l.rate = r
out:
	l.mu.Unlock()
	return err
}

// adjust locks only when asked to, and unlocks under the same condition.
func (l *Limiter) adjust(delta float64, shared bool) float64 {
	if shared {
		l.mu.Lock()
	}
	l.tokens += delta
	t := l.tokens
	if shared {
		l.mu.Unlock()
	}
	return t
}

// Hold returns the Unlock method value for the caller to run.
func (l *Limiter) Hold() (release func()) {
	l.mu.Lock()
	if l.tokens <= 0 {
		l.mu.Unlock()
		return func() {}
	}
	l.tokens--
	return l.mu.Unlock
}

// Configure exits the program on bad input; log.Fatalf does not return.
func (l *Limiter) Configure(rate, burst float64) {
	l.mu.Lock()
	if rate <= 0 || burst <= 0 {
		log.Fatalf("ratelimit: bad config rate=%v burst=%v", rate, burst)
	}
	if rate == l.rate && burst == l.burst {
		l.mu.Unlock()
		return
	}
	l.rate, l.burst = rate, burst
	l.mu.Unlock()
}

// Drain unlocks through a local closure.
func (l *Limiter) Drain() float64 {
	l.mu.Lock()
	unlock := func() { l.mu.Unlock() }
	if l.tokens == 0 {
		unlock()
		return 0
	}
	n := l.tokens
	l.tokens = 0
	unlock()
	return n
}

// Report recovers from a panicking callback and unlocks in the deferred
// closure.
func (l *Limiter) Report(fn func(tokens float64)) (err error) {
	l.mu.Lock()
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("ratelimit: report callback panicked")
		}
		l.mu.Unlock()
	}()
	if fn == nil {
		return nil
	}
	fn(l.tokens)
	return nil
}

type Keyed struct {
	mu       sync.Mutex
	limiters map[string]*Limiter
	rate     float64
	burst    float64
}

// Allow locks the map, then a limiter through its own method.
func (k *Keyed) Allow(key string, now time.Time) bool {
	k.mu.Lock()
	lim, ok := k.limiters[key]
	if !ok {
		lim = &Limiter{tokens: k.burst, last: now, rate: k.rate, burst: k.burst}
		k.limiters[key] = lim
	}
	k.mu.Unlock()
	return lim.AllowN(now, 1)
}

func (k *Keyed) Forget(keys []string) int {
	n := 0
	for _, key := range keys {
		k.mu.Lock()
		lim, ok := k.limiters[key]
		if !ok {
			k.mu.Unlock()
			continue
		}
		lim.mu.Lock()
		if lim.tokens < lim.burst {
			k.mu.Unlock()
			return n // want `leaves lim.mu locked`
		}
		lim.mu.Unlock()
		delete(k.limiters, key)
		n++
		k.mu.Unlock()
	}
	return n
}

// Each visits every limiter under both locks, released in reverse.
func (k *Keyed) Each(fn func(string, *Limiter) bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for key, lim := range k.limiters {
		lim.mu.Lock()
		stop := !fn(key, lim)
		lim.mu.Unlock()
		if stop {
			return
		}
	}
}
