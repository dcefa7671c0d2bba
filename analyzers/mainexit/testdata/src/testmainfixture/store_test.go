// A fake backend serves for the whole test binary: m.Run blocks while
// the tests use it.
package testmainfixture

import (
	"net"
	"os"
	"testing"
)

func serveFake(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		c.Write([]byte("OK\n"))
		c.Close()
	}
}

func TestMain(m *testing.M) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	Addr = l.Addr().String()
	go serveFake(l)
	os.Exit(m.Run())
}

func TestAddr(t *testing.T) {
	if Addr == "" {
		t.Fatal("no backend")
	}
}
