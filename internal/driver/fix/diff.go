package fix

import (
	"bytes"
	"fmt"
	"strings"
)

// contextLines is the number of unchanged lines shown around each change,
// as in diff -u and git diff.
const contextLines = 3

// maxLCSCells bounds the work of the line matching: when the changed middle
// of a file is larger, it is shown as one replaced block, which is still a
// correct diff, only not a minimal one.
const maxLCSCells = 4 << 20

// Unified returns a unified diff from old to new, with the headers
// "--- a/NAME" and "+++ b/NAME" so that it applies with git apply or
// patch -p1 from the directory NAME is relative to. Equal inputs give "".
func Unified(name string, old, new []byte) string {
	if bytes.Equal(old, new) {
		return ""
	}
	ops := diffLines(splitLines(old), splitLines(new))
	var b strings.Builder
	fmt.Fprintf(&b, "--- a/%s\n+++ b/%s\n", name, name)
	for _, h := range hunks(ops) {
		writeHunk(&b, ops, h)
	}
	return b.String()
}

// op is one line of the edit script: ' ' kept, '-' deleted, '+' inserted.
type op struct {
	kind byte
	line string // with its "\n", if it has one
}

// splitLines splits after each "\n"; a last line without one is kept.
func splitLines(data []byte) []string {
	var lines []string
	for s := string(data); s != ""; {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// diffLines returns an edit script from a to b: the common prefix and
// suffix are kept as they are, and the middle is matched by longest common
// subsequence.
func diffLines(a, b []string) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for _, l := range a[:pre] {
		ops = append(ops, op{' ', l})
	}
	ops = append(ops, lcs(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for _, l := range a[len(a)-suf:] {
		ops = append(ops, op{' ', l})
	}
	return ops
}

func lcs(a, b []string) []op {
	var ops []op
	if len(a)*len(b) > maxLCSCells {
		for _, l := range a {
			ops = append(ops, op{'-', l})
		}
		for _, l := range b {
			ops = append(ops, op{'+', l})
		}
		return ops
	}
	// n[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	n := make([][]int32, len(a)+1)
	for i := range n {
		n[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				n[i][j] = n[i+1][j+1] + 1
			} else {
				n[i][j] = max(n[i+1][j], n[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			ops = append(ops, op{' ', a[i]})
			i, j = i+1, j+1
		case n[i+1][j] >= n[i][j+1]:
			ops = append(ops, op{'-', a[i]})
			i++
		default:
			ops = append(ops, op{'+', b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		ops = append(ops, op{'-', a[i]})
	}
	for ; j < len(b); j++ {
		ops = append(ops, op{'+', b[j]})
	}
	return ops
}

// hunk is the half-open range of ops [start, end) shown together.
type hunk struct{ start, end int }

// hunks groups the changes of ops with their context; changes whose
// contexts would touch share a hunk.
func hunks(ops []op) []hunk {
	var hs []hunk
	for i, o := range ops {
		if o.kind == ' ' {
			continue
		}
		start, end := max(i-contextLines, 0), min(i+1+contextLines, len(ops))
		if n := len(hs); n > 0 && start <= hs[n-1].end {
			hs[n-1].end = end
		} else {
			hs = append(hs, hunk{start, end})
		}
	}
	return hs
}

func writeHunk(b *strings.Builder, ops []op, h hunk) {
	oldLine, newLine := 1, 1 // line numbers at h.start
	for _, o := range ops[:h.start] {
		if o.kind != '+' {
			oldLine++
		}
		if o.kind != '-' {
			newLine++
		}
	}
	var oldCount, newCount int
	for _, o := range ops[h.start:h.end] {
		if o.kind != '+' {
			oldCount++
		}
		if o.kind != '-' {
			newCount++
		}
	}
	// An empty side is numbered by the line before it, as diff -u does.
	if oldCount == 0 {
		oldLine--
	}
	if newCount == 0 {
		newLine--
	}
	fmt.Fprintf(b, "@@ -%s +%s @@\n", span(oldLine, oldCount), span(newLine, newCount))
	for _, o := range ops[h.start:h.end] {
		b.WriteByte(o.kind)
		b.WriteString(o.line)
		if !strings.HasSuffix(o.line, "\n") {
			b.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

func span(line, count int) string {
	if count == 1 {
		return fmt.Sprint(line)
	}
	return fmt.Sprintf("%d,%d", line, count)
}
