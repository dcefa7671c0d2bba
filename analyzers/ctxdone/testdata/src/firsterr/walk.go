package firsterr

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
)

// hashFile hashes one file, reading it in a way ctx can interrupt.
func hashFile(ctx context.Context, path string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// HashFiles hashes in the background and reports how it ended: the
// hasher sends its first error and returns, or sends nil after the loop,
// once on every path, and HashFiles receives once on every path.
func HashFiles(ctx context.Context, paths []string) (map[string]string, error) {
	sums := make(map[string]string, len(paths))
	done := make(chan error)
	go func() {
		for _, p := range paths {
			sum, err := hashFile(ctx, p)
			if err != nil {
				done <- err
				return
			}
			sums[p] = sum
		}
		done <- nil
	}()
	err := <-done
	return sums, err
}

// HashTrees hashes two trees side by side; each hasher sends at most
// once, and HashTrees receives twice.
func HashTrees(ctx context.Context, left, right []string) error {
	errc := make(chan error)
	go func() {
		for _, p := range left {
			if _, err := hashFile(ctx, p); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	go func() {
		for _, p := range right {
			if _, err := hashFile(ctx, p); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	err1, err2 := <-errc, <-errc
	if err1 != nil {
		return err1
	}
	return err2
}

// HashRoots starts one hasher per root but takes only the first answer:
// the other hashers block forever on theirs.
func HashRoots(ctx context.Context, roots [][]string) error {
	errc := make(chan error)
	for _, paths := range roots {
		go func() {
			for _, p := range paths {
				if _, err := hashFile(ctx, p); err != nil {
					errc <- err // want `send on errc in a loop ignores ctx`
					return
				}
			}
			errc <- nil
		}()
	}
	return <-errc
}

// FirstCorrupt reports the first file whose hash is not the expected
// one: the checker breaks out of its loop after the send, so it sends at
// most once, and FirstCorrupt receives once.
func FirstCorrupt(ctx context.Context, want map[string]string) string {
	corrupt := make(chan string)
	go func() {
		defer close(corrupt)
		for p, sum := range want {
			if got, err := hashFile(ctx, p); err != nil || got != sum {
				corrupt <- p
				break
			}
		}
	}()
	return <-corrupt
}
