// Package suppressed holds findings that directives silence, and
// directives that are themselves wrong.
package suppressed

import (
	"sync"
	"time"
)

func fill(key string) { _ = key }

// WarmExplained sleeps for its fillers, and says why that is acceptable.
func WarmExplained(keys []string) {
	for _, k := range keys {
		go fill(k)
	}
	//golint-conc:ignore sleepsync the cache is best-effort; a cold entry is only slower
	time.Sleep(50 * time.Millisecond)
}

// WarmNolint uses golangci-lint's directive at the end of the line.
func WarmNolint(keys []string) {
	for _, k := range keys {
		go fill(k)
	}
	time.Sleep(50 * time.Millisecond) //nolint:sleepsync // best-effort warm-up, see WarmExplained
}

// WarmWholeFunc silences the whole function, as the directive sits above it.
//
// golint-conc:ignore sleepsync,waitgroupadd legacy code, tracked in issue 12
func WarmWholeFunc(keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		go func() {
			wg.Add(1)
			defer wg.Done()
			fill(k)
		}()
	}
	time.Sleep(50 * time.Millisecond)
	wg.Wait()
}

// WarmMisspelt has a directive with a typo, so nothing is silenced.
func WarmMisspelt(keys []string) {
	for _, k := range keys {
		go fill(k)
	}
	//golint-conc:ignroe sleepsync the typo makes this a no-op // e2e: directive
	time.Sleep(50 * time.Millisecond) // e2e: sleepsync
}

// WarmOtherLinter names another linter, which does not silence ours.
func WarmOtherLinter(keys []string) {
	for _, k := range keys {
		go fill(k)
	}
	time.Sleep(50 * time.Millisecond) //nolint:errcheck // e2e: sleepsync
}
