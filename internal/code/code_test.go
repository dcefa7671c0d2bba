package code

import "testing"

func TestAtLeast(t *testing.T) {
	for _, tc := range []struct {
		v, release string
		want       bool
	}{
		{"go1.21", "go1.22", false},
		{"go1.22", "go1.22", true},
		{"go1.22.3", "go1.22", true},
		{"go1.9", "go1.22", false},
		{"go1.23rc1", "go1.23", true},
		{"", "go1.22", true},
	} {
		if got := AtLeast(tc.v, tc.release); got != tc.want {
			t.Errorf("AtLeast(%q, %q) = %v, want %v", tc.v, tc.release, got, tc.want)
		}
	}
}
