// Package pipeline holds the channel mistakes the end-to-end test expects
// golint-conc to catch. Lines marked "e2e: NAME" must be reported by
// analyzer NAME.
package pipeline

import (
	"context"
	"errors"
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
	go lookup(id, out) // e2e: chanleak
	select {
	case it := <-out:
		return it, nil
	case <-time.After(time.Second):
		return Item{}, errors.New("timeout")
	}
}

// FirstBad closes the channel its producer still sends on.
func FirstBad(ids []int) int {
	items := make(chan Item)
	go func() {
		for _, id := range ids {
			items <- Item{ID: id}
		}
	}()
	for range ids {
		it := <-items
		if it.ID < 0 {
			close(items) // e2e: recvclose
			return it.ID
		}
	}
	return 0
}

// Store keeps the latest item of each ID.
type Store struct{ latest map[int]Item }

// Watch stores items as they arrive, and never stops once ctx is done.
func (s *Store) Watch(ctx context.Context, in <-chan Item) {
	for {
		select { // e2e: ctxdone
		case it := <-in:
			s.latest[it.ID] = it
		}
	}
}

// Stop closes quit twice when called with drain set.
func Stop(quit chan struct{}, drain bool) {
	if drain {
		close(quit)
	}
	close(quit) // e2e: closedchan
}
