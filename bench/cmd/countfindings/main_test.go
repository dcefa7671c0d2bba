package main

import (
	"strings"
	"testing"
)

// go vet -json prints a tree per package, with "# package" lines before
// them; the multichecker prints one tree for all packages, with a package
// and its test variant reporting the same finding.
func TestReadVet(t *testing.T) {
	const stream = `# example.com/jobs
{
	"example.com/jobs": {
		"copylocks": [
			{"posn": "/src/jobs/jobs.go:10:2", "message": "call of f copies lock value"},
			{"posn": "/src/jobs/jobs.go:20:2", "message": "call of g copies lock value"}
		],
		"lostcancel": []
	}
}
# example.com/jobs [example.com/jobs.test]
{
	"example.com/jobs [example.com/jobs.test]": {
		"copylocks": [
			{"posn": "/src/jobs/jobs.go:10:2", "message": "call of f copies lock value"},
			{"posn": "/src/jobs/jobs_test.go:5:1", "message": "call of h copies lock value"}
		],
		"waitgroup": {"error": "failed prerequisites"}
	}
}
`
	c, err := readVet(strings.NewReader(stream))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.total(); got != 3 {
		t.Errorf("findings = %d, want 3 (the one in both variants counted once)", got)
	}
	if c.errors != 1 {
		t.Errorf("errors = %d, want 1", c.errors)
	}
	var out strings.Builder
	c.print(&out)
	const want = "findings 3\nerrors 1\ncopylocks 3\nlostcancel 0\n"
	if out.String() != want {
		t.Errorf("printed:\n%s\nwant:\n%s", out.String(), want)
	}

	out.Reset()
	c.list(&out)
	const wantList = `/src/jobs/jobs.go:10:2: copylocks: call of f copies lock value
/src/jobs/jobs.go:20:2: copylocks: call of g copies lock value
/src/jobs/jobs_test.go:5:1: copylocks: call of h copies lock value
`
	if out.String() != wantList {
		t.Errorf("listed:\n%s\nwant:\n%s", out.String(), wantList)
	}
}

func TestReadStaticcheck(t *testing.T) {
	const lines = `{"code":"SA2002","severity":"error","location":{"file":"/src/a.go","line":3,"column":2},"end":{"file":"/src/a.go","line":3,"column":9},"message":"the goroutine calls T.FailNow"}
{"code":"compile","severity":"error","location":{"file":"/src/b.go","line":1,"column":1},"message":"undefined: x"}
{"code":"SA1015","severity":"error","location":{"file":"/src/c.go","line":7,"column":8},"message":"using time.Tick leaks the underlying ticker"}
{"code":"SA2002","severity":"error","location":{"file":"/src/d.go","line":9,"column":2},"message":"the goroutine calls T.FailNow"}
`
	c, err := readStaticcheck(strings.NewReader(lines))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	c.print(&out)
	const want = "findings 3\nerrors 1\nSA2002 2\nSA1015 1\n"
	if out.String() != want {
		t.Errorf("printed:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestReadVetRejectsText(t *testing.T) {
	if _, err := readVet(strings.NewReader("jobs.go:10:2: call of f copies lock value\n")); err == nil {
		t.Error("plain text output was accepted")
	}
}
