package suite

import (
	"errors"
	"testing"

	"funcs"
)

// Helpers from another package end the test through NoReturnFact.
func TestPool(t *testing.T) { // want `func TestPool`
	p := &funcs.Pool{}
	if err := p.Submit(nil); err != nil {
		funcs.FailNow(t, err) // want `never returns`
	}
	funcs.Check(t, errors.New("x"))
}
