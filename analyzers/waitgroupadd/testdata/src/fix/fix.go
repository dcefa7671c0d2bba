// Package fix holds the cases where the suggested fix applies, and near
// misses where it must not.
package fix

import (
	"log"
	"sync"
)

type Order struct {
	ID    int
	Items []string
}

func ship(o Order) error { return nil }

type Shipper struct {
	wg     sync.WaitGroup
	orders chan Order
}

func (s *Shipper) Run(workers int) {
	for i := 0; i < workers; i++ {
		go func() {
			s.wg.Add(1) // want `call s.wg.Add before the go statement`
			defer s.wg.Done()
			for o := range s.orders {
				if err := ship(o); err != nil {
					log.Print(err)
				}
			}
		}()
	}
}

func shipAll(orders []Order) {
	var wg sync.WaitGroup
	for _, o := range orders {
		go func() {
			// Count this order.
			wg.Add(1) // want `call wg.Add before the go statement`
			ship(o)
			wg.Done()
		}()
	}
	wg.Wait()
}

func shipParam(orders []Order) {
	var wg sync.WaitGroup
	const one = 1
	for _, o := range orders {
		switch {
		case len(o.Items) > 0:
			go func(g *sync.WaitGroup, o Order) {
				log.Printf("shipping %d", o.ID)
				g.Add(one) // want `call wg.Add before the go statement`
				defer g.Done()
				ship(o)
			}(&wg, o)
		}
	}
	wg.Wait()
}

// No fix: the Add is conditional on a check that may return first.
func shipValid(orders []Order) {
	var wg sync.WaitGroup
	for _, o := range orders {
		go func() {
			if len(o.Items) == 0 {
				return
			}
			wg.Add(1) // want `call wg.Add before the go statement`
			defer wg.Done()
			ship(o)
		}()
	}
	wg.Wait()
}

// No fix: the count is not a constant.
func shipBatch(batches [][]Order) {
	var wg sync.WaitGroup
	for _, b := range batches {
		go func() {
			wg.Add(len(b)) // want `call wg.Add before the go statement`
			for _, o := range b {
				ship(o)
				wg.Done()
			}
		}()
	}
	wg.Wait()
}

// No fix: the Add is nested inside an if.
func shipNested(orders []Order, track bool) {
	var wg sync.WaitGroup
	for _, o := range orders {
		go func() {
			if track {
				wg.Add(1) // want `call wg.Add before the go statement`
			}
			ship(o)
			wg.Done()
		}()
	}
	wg.Wait()
}

// No fix: a stored closure may be started from several places.
func shipStored(orders <-chan Order) {
	var wg sync.WaitGroup
	work := func() {
		wg.Add(1) // want `call wg.Add before the go statement`
		defer wg.Done()
		for o := range orders {
			ship(o)
		}
	}
	go work()
	go work()
	wg.Wait()
}

// No fix: the Add shares its line with other statements.
func shipOne(o Order) {
	var wg sync.WaitGroup
	go func() { wg.Add(1); defer wg.Done(); ship(o) }() // want `call wg.Add before the go statement`
	wg.Wait()
}
