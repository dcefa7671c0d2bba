package precision

import (
	"strings"
	"testing"
)

const triage = "# comment\n" +
	"m\ta.go:1\tchanleak\tTP\ta leak\n" +
	"m\ta.go:9\tchanleak\tFP\tthe receive runs on every path\n" +
	"m\tb.go:3\twgdone\tRISKY\tonly after a failed test\n"

func TestParseAndCompare(t *testing.T) {
	vs, err := Parse([]byte(triage))
	if err != nil {
		t.Fatal(err)
	}
	found := []Finding{
		{Key: Key{"m", "a.go:1", "chanleak"}, Message: "blocks"},
		{Key: Key{"m", "a.go:1", "chanleak"}, Message: "blocks, again"}, // one verdict per line
		{Key: Key{"m", "c.go:5", "sleepsync"}, Message: "new"},
		{Key: Key{"m", "b.go:3", "wgdone"}},
	}
	r := Compare(found, vs)
	if got := r.Tallies["chanleak"]; got != (Tally{TP: 1}) {
		t.Errorf("chanleak tally %+v, want the TP only (the FP's finding is gone)", got)
	}
	if len(r.Untriaged) != 1 || r.Untriaged[0].Position != "c.go:5" {
		t.Errorf("untriaged %v, want c.go:5", r.Untriaged)
	}
	if len(r.Vanished) != 1 || r.Vanished[0].Position != "a.go:9" || r.Vanished[0].Line != 3 {
		t.Errorf("vanished %v, want a.go:9 on line 3", r.Vanished)
	}
	var out strings.Builder
	r.Write(&out)
	for _, want := range []string{"m\tc.go:5\tsleepsync\t?\tnew", "triage.tsv:3: m a.go:9 chanleak FP"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "REGRESSION") {
		t.Errorf("a lost FP is no regression:\n%s", out.String())
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"m\ta.go:1\tchanleak\tTP\n", "want 5"},
		{"m\ta.go:1\tchanleak\tMAYBE\twhy\n", `verdict "MAYBE"`},
		{"m\ta.go:1\tchanleak\tTP\t \n", "needs a reason"},
		{"m\ta.go:1\tchanleak\tTP\tx\nm\ta.go:1\tchanleak\tFP\ty\n", "on line 1"},
	} {
		if _, err := Parse([]byte(tc.text)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want an error with %q", tc.text, err, tc.want)
		}
	}
}

func TestPrecise(t *testing.T) {
	for _, tc := range []struct {
		t    Tally
		want bool
		pct  string
	}{
		{Tally{}, true, "no findings"},
		{Tally{TP: 9, FP: 1}, true, "90% (9/10)"},
		{Tally{TP: 8, Risky: 0, FP: 1}, false, "88% (8/9)"},
		{Tally{Risky: 2}, true, "100% (2/2)"},
		{Tally{FP: 1}, false, "0% (0/1)"},
	} {
		if got := tc.t.Precise(); got != tc.want {
			t.Errorf("%+v.Precise() = %v, want %v", tc.t, got, tc.want)
		}
		if got := tc.t.Percent(); got != tc.pct {
			t.Errorf("%+v.Percent() = %q, want %q", tc.t, got, tc.pct)
		}
	}
}
