// Package pipeline holds channel mistakes for the golangci-lint integration
// test; see package jobs for the markers.
package pipeline

import (
	"errors"
	"sync"
	"time"
)

type Item struct{ ID int }

func lookup(id int, out chan<- Item) {
	time.Sleep(time.Duration(id) * time.Millisecond)
	out <- Item{ID: id}
}

// Lookup gives up after a deadline; the lookup goroutine is left blocked.
func Lookup(id int) (Item, error) {
	out := make(chan Item)
	go lookup(id, out) // gcl: chanleak
	select {
	case it := <-out:
		return it, nil
	case <-time.After(time.Second):
		return Item{}, errors.New("timeout")
	}
}

// Cache maps IDs to items.
type Cache struct {
	mu    sync.Mutex
	items map[int]Item
}

// Put forgets to unlock when the item is already there.
func (c *Cache) Put(it Item) error {
	c.mu.Lock()
	if _, ok := c.items[it.ID]; ok {
		return errors.New("duplicate") // gcl: lockleak
	}
	c.items[it.ID] = it
	c.mu.Unlock()
	return nil
}

// Stop closes quit twice when called with drain set.
func Stop(quit chan struct{}, drain bool) {
	if drain {
		close(quit)
	}
	//nolint:golint-conc // callers never pass drain in production
	close(quit) // gcl-quiet: closedchan
}
