// Package usesapi starts httpapi's servers from another package: facts
// say which calls bind a listener.
package usesapi

import (
	"fmt"
	"net/http"
	"time"

	"httpapi"
)

// probe starts a server on New's listener and checks it answers.
func probe() error {
	s, err := httpapi.New(httpapi.Options{Handler: http.NotFoundHandler()})
	if err != nil {
		return err
	}
	go s.Main()
	defer s.Shutdown()
	time.Sleep(10 * time.Millisecond) // useless but harmless
	resp, err := http.Get("http://" + s.Addr() + "/")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// probeFreePort serves on a port FreePort found: nothing listens yet.
func probeFreePort() error {
	port, err := httpapi.FreePort()
	if err != nil {
		return err
	}
	s := &httpapi.LazyServer{Addr: fmt.Sprintf("localhost:%d", port), Handler: http.NotFoundHandler()}
	go s.Main()
	time.Sleep(10 * time.Millisecond) // want `until the goroutine started at line 36 is ready`
	resp, err := http.Get("http://" + s.Addr + "/")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
