package protocols

import (
	"testing"
	"testing/synctest"
	"time"
)

// TestDebounce relies on synctest.Wait, which returns once the bubble's
// goroutines are blocked or done.
func TestDebounce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fired := 0
		go func() {
			time.Sleep(time.Second)
			fired++
		}()
		time.Sleep(2 * time.Second)
		synctest.Wait()
		fired++
		if fired != 2 {
			t.Fatalf("fired = %d", fired)
		}
	})
}

// TestDebounceEarly writes before the goroutine is done.
func TestDebounceEarly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fired := 0
		go func() {
			time.Sleep(time.Second)
			fired++
		}()
		fired++ // want `fired is written here while the goroutine started at line 31 may still write it`
		synctest.Wait()
	})
}
