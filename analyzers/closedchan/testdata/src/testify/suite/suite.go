// Package suite is a stand-in for github.com/stretchr/testify/suite, kept
// at a short path that the module need not require: a Suite embeds the
// assertions of its current test.
package suite

import (
	"testing"

	"testify/assert"
)

type Suite struct {
	*assert.Assertions
	t *testing.T
}

func (s *Suite) T() *testing.T { return s.t }

func (s *Suite) SetT(t *testing.T) {
	s.t = t
	s.Assertions = assert.New(t)
}
