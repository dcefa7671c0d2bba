package handlers

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Conn and Upgrader stand in for a WebSocket library.
type Conn struct{}

func (c *Conn) ReadMessage() (int, []byte, error) { return 0, nil, nil }
func (c *Conn) WriteMessage(int, []byte) error    { return nil }
func (c *Conn) Close() error                      { return nil }
func (c *Conn) Ping(ctx context.Context) error    { return ctx.Err() }

type Upgrader struct{}

func (u *Upgrader) Upgrade(w http.ResponseWriter, r *http.Request, h http.Header) (*Conn, error) {
	return &Conn{}, nil
}

type Chat struct {
	up    Upgrader
	feeds func(ctx context.Context, room string) <-chan string
}

// pinger keeps the connection alive for as long as ctx lasts.
func (c *Chat) pinger(ctx context.Context, conn *Conn) {
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for range t.C {
		if conn.Ping(ctx) != nil {
			return
		}
	}
}

// Socket upgrades the connection; the goroutines it starts under the
// request's context are meant to end with the connection.
func (c *Chat) Socket(w http.ResponseWriter, r *http.Request) {
	conn, err := c.up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	go c.pinger(r.Context(), conn)
	go func() {
		for msg := range c.feeds(r.Context(), r.URL.Query().Get("room")) {
			conn.WriteMessage(1, []byte(msg))
		}
	}()
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
	}
}

// Feed streams in the handler while a goroutine keeps the client's
// session alive under the request's context, for as long as it lasts.
func (c *Chat) Feed(w http.ResponseWriter, r *http.Request) {
	room := r.URL.Query().Get("room")
	go c.touch(r.Context(), room)
	for msg := range c.feeds(r.Context(), room) {
		fmt.Fprintln(w, msg)
		w.(http.Flusher).Flush()
	}
}

func (c *Chat) touch(ctx context.Context, room string) { // want touch:`requestUse\(ctx:p0\)`
	for range c.feeds(ctx, room) {
	}
}

// Alerts upgrades and then serves the connection in a helper; the alert
// goroutine shares the connection's life.
func (c *Chat) Alerts(w http.ResponseWriter, r *http.Request) {
	conn, err := c.up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	go func() {
		for msg := range c.feeds(r.Context(), "alerts") {
			conn.WriteMessage(1, []byte(msg))
		}
	}()
	c.serve(conn)
}

func (c *Chat) serve(conn *Conn) {
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			conn.Close()
			return
		}
	}
}
