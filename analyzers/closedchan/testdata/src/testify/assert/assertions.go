// Package assert is a stand-in for github.com/stretchr/testify/assert,
// kept at a short path that the module need not require, with the few
// declarations the fixtures use. It fails the same way: through the
// TestingT interface, which ctrlflow cannot follow.
package assert

type TestingT interface {
	Errorf(format string, args ...interface{})
}

type failNower interface {
	FailNow()
}

type Assertions struct {
	t TestingT
}

func New(t TestingT) *Assertions { return &Assertions{t: t} }

// Fail reports a failure and returns.
func Fail(t TestingT, failureMessage string, msgAndArgs ...interface{}) bool {
	t.Errorf("%s", failureMessage)
	return false
}

// FailNow reports a failure and ends the test.
func FailNow(t TestingT, failureMessage string, msgAndArgs ...interface{}) bool {
	Fail(t, failureMessage, msgAndArgs...)
	if f, ok := t.(failNower); ok {
		f.FailNow()
	} else {
		panic("test failed and t is missing `FailNow()`")
	}
	return false
}

func (a *Assertions) Fail(failureMessage string, msgAndArgs ...interface{}) bool {
	return Fail(a.t, failureMessage, msgAndArgs...)
}

func (a *Assertions) FailNow(failureMessage string, msgAndArgs ...interface{}) bool {
	return FailNow(a.t, failureMessage, msgAndArgs...)
}

func (a *Assertions) Errorf(err error, msg string, args ...interface{}) bool {
	if err == nil {
		return Fail(a.t, msg, args...)
	}
	return true
}
