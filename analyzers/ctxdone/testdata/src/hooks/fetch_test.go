package hooks

import (
	"context"
	"net/http"
	"testing"
)

func TestFetchHooks(t *testing.T) {
	f := New(http.DefaultClient)
	f.testHook = make(chan int, 10)
	f.hooks = testHooks{started: make(chan string, 10)}
	afterFlush = make(chan int, 10)
	f.done = make(chan int, 10)
	if err := f.Fetch(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
}
