// Package nocopy has types that opt into the copy check themselves, the
// noCopy convention that vet's copylocks also follows.
package nocopy

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// noCopy may be embedded into structs which must not be copied.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// Conn must not be copied after first use.
type Conn struct {
	noCopy noCopy
	id     int
}

// Dial returns a fresh Conn.
func Dial(id int) Conn { return Conn{id: id} }

func (c *Conn) ID() int { return c.id }

// Send takes the connection by value.
func Send(c Conn, msg string) { // want `Send takes c by value, which copies its noCopy-marked Conn on every call: use a pointer \(\*Conn\)`
	_ = msg
}

// SendPtr takes a pointer.
func SendPtr(c *Conn, msg string) { _ = msg }

// Stream marks itself with a blank noCopy field.
type Stream struct {
	_   noCopy
	buf []byte
}

func (s Stream) Len() int { return len(s.buf) } // want `Len has a value receiver that copies its noCopy-marked Stream: use a pointer receiver`

// SpinLock is a custom lock.
type SpinLock struct{ state atomic.Int32 }

func (l *SpinLock) Lock() {
	for !l.state.CompareAndSwap(0, 1) {
		runtime.Gosched()
	}
}

func (l *SpinLock) Unlock() { l.state.Store(0) }

// Shard guards its items with a SpinLock.
type Shard struct {
	lock  SpinLock
	items []string
}

// Items copies the shard.
func Items(s Shard) []string { // want `Items takes s by value, which copies s.lock.state \(atomic.Int32\)`
	return s.items
}

// ValueLock has Lock and Unlock on the value: it is a handle, not a lock.
type ValueLock struct{ ch chan struct{} }

func (l ValueLock) Lock()   { l.ch <- struct{}{} }
func (l ValueLock) Unlock() { <-l.ch }

func UseValueLock(l ValueLock) { l.Lock(); l.Unlock() }

// Guarded embeds a *sync.Mutex: copies share the mutex.
type Guarded struct {
	*sync.Mutex
	n int
}

func (g Guarded) Incr() Guarded { g.Lock(); g.n++; g.Unlock(); return g }

// Delegating embeds a sync.Locker interface: copies share it.
type Delegating struct {
	sync.Locker
	name string
}

func (d Delegating) Name() string { d.Lock(); defer d.Unlock(); return d.name }

// LocalMutex is a defined type over sync.Mutex.
type LocalMutex sync.Mutex

func (m LocalMutex) Held() bool { return false } // want `Held has a value receiver that copies its LocalMutex, defined as sync.Mutex: use a pointer receiver`

func (m *LocalMutex) Lock() { (*sync.Mutex)(m).Lock() }

// Embedded embeds a RWMutex by value.
type Embedded struct {
	sync.RWMutex
	data map[string]string
}

func (e Embedded) Keys() int { // want `Keys has a value receiver that copies e.RWMutex \(sync.RWMutex\)`
	e.RLock()
	defer e.RUnlock()
	return len(e.data)
}

func (e *Embedded) Len() int {
	e.RLock()
	defer e.RUnlock()
	return len(e.data)
}

// Session holds a Conn by value and one by pointer.
type Session struct {
	conn   Conn
	backup *Conn
}

func (s *Session) Reconnect(id int) {
	s.conn = Dial(id)
	s.backup = &s.conn
}

// Detach hands out a copy of the session's connection.
func (s *Session) Detach() Conn {
	return s.conn // want `returning s.conn copies its noCopy-marked Conn: return a pointer \(&s.conn\)`
}

// Clone copies the whole session.
func (s *Session) Clone() Session {
	return *s // want `returning \*s copies s.conn \(noCopy-marked Conn\): return a pointer \(s\)`
}

// DoNotCopy is a zero-size marker, the way generated protobuf messages
// carry one in their state.
type DoNotCopy [0]sync.Mutex

type MessageState struct {
	DoNotCopy DoNotCopy
	sizeCache int32
}

type Message struct {
	state MessageState
	Name  string
}

func (m *Message) GetName() string { return m.Name }

// Names copies every message.
func Names(ms []Message) []string {
	var out []string
	for _, m := range ms { // want `range value m copies m.state \(noCopy-marked MessageState\): range over indices or use \[\]\*Message`
		out = append(out, m.Name)
	}
	for i := range ms {
		out = append(out, ms[i].GetName())
	}
	return out
}

// Gauge is a defined type over an atomic.
type Gauge atomic.Int64

func (g *Gauge) Set(v int64) { (*atomic.Int64)(g).Store(v) }

// Panel holds gauges by value.
type Panel struct {
	cpu, mem Gauge
}

func Render(p Panel) string { // want `Render takes p by value, which copies p.cpu \(Gauge, defined as atomic.Int64\) on every call: use a pointer \(\*Panel\)`
	return "panel"
}

func RenderPtr(p *Panel) string { return "panel" }
