// Package server imports workers and calls its fact-carrying Start.
package server

import "workers"

type Server struct{ pool *workers.Pool }

func New() *Server {
	s := &Server{pool: workers.New(8)}
	workers.Start(s.pool, 4) // want "call of Start starts goroutines"
	return s
}

func NewQuiet() *Server {
	s := &Server{pool: workers.New(8)}
	workers.Start(s.pool, 4) //golint-conc:ignore spawnfact Close stops the pool
	return s
}

func (s *Server) Close() { workers.Stop(s.pool) }
