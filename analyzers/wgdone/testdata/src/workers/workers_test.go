package workers

import (
	"sync"
	"testing"
)

type fakeDB struct{}

func (fakeDB) Query(q string) (*rows, error) { return &rows{}, nil }

type rows struct{}

func (*rows) Close() {}

// TestSaturate fails a query with t.Errorf and returns without Done: the
// test hangs in Wait instead of failing.
func TestSaturate(t *testing.T) {
	var db fakeDB
	var done sync.WaitGroup
	const max = 4
	done.Add(max)
	for i := 0; i < max; i++ {
		go func() {
			r, err := db.Query("SELECT name FROM people")
			if err != nil {
				t.Errorf("Query: %v", err)
				return // want `goroutine returns at line 28 without calling done.Done`
			}
			r.Close()
			done.Done()
		}()
	}
	done.Wait()
}

// TestSaturateDeferred is the fix.
func TestSaturateDeferred(t *testing.T) {
	var db fakeDB
	var done sync.WaitGroup
	const max = 4
	done.Add(max)
	for i := 0; i < max; i++ {
		go func() {
			defer done.Done()
			r, err := db.Query("SELECT name FROM people")
			if err != nil {
				t.Errorf("Query: %v", err)
				return
			}
			r.Close()
		}()
	}
	done.Wait()
}

// TestPing calls Done before t.Error's return too.
func TestPing(t *testing.T) {
	var db fakeDB
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		r, err := db.Query("PING")
		if err != nil {
			t.Error(err)
			wg.Done()
			return
		}
		r.Close()
		wg.Done()
	}()
	wg.Wait()
}
