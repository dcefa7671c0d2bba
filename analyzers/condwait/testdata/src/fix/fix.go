// Package fix holds if-guarded waits, some of which can be turned into
// for loops mechanically.
package fix

import "sync"

type Mailbox struct {
	mu    sync.Mutex
	cond  *sync.Cond
	mail  []string
	ready bool
}

func NewMailbox() *Mailbox {
	m := &Mailbox{}
	m.cond = sync.NewCond(&m.mu)
	return m
}

func (m *Mailbox) Take() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.mail) == 0 {
		m.cond.Wait() // want `m.cond.Wait is guarded by if`
	}
	s := m.mail[0]
	m.mail = m.mail[1:]
	return s
}

func (m *Mailbox) AwaitReady() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.ready {
		m.cond.Wait() // want `m.cond.Wait is guarded by if`
	}
}

// TakeLogged has more than the Wait in the if: no fix.
func (m *Mailbox) TakeLogged(logf func(string, ...any)) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.mail) == 0 {
		logf("mailbox empty, waiting")
		m.cond.Wait() // want `m.cond.Wait is guarded by if`
	}
	s := m.mail[0]
	m.mail = m.mail[1:]
	return s
}

// TakeInit has an init statement, which a for would run only once.
func (m *Mailbox) TakeInit() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := len(m.mail); n == 0 {
		m.cond.Wait() // want `m.cond.Wait is guarded by if`
	}
	s := m.mail[0]
	m.mail = m.mail[1:]
	return s
}

// TakeElse waits in an else-if, which cannot become a for.
func (m *Mailbox) TakeElse(closed bool) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if closed {
		return ""
	} else if len(m.mail) == 0 {
		m.cond.Wait() // want `m.cond.Wait is guarded by if`
	}
	s := m.mail[0]
	m.mail = m.mail[1:]
	return s
}

// TakeOrEmpty waits in the else branch; the fix would need restructuring.
func (m *Mailbox) TakeOrEmpty() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.mail) > 0 {
		m.ready = true
	} else {
		m.cond.Wait() // want `m.cond.Wait is guarded by if`
	}
	s := m.mail[0]
	m.mail = m.mail[1:]
	return s
}

func (m *Mailbox) Put(s string) {
	m.mu.Lock()
	m.mail = append(m.mail, s)
	m.mu.Unlock()
	m.cond.Signal()
}
