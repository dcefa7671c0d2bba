// Package vetjson reads the JSON tree that x/tools' analysis drivers print
// with -json (multichecker, golint-conc, go vet): a stream of
// {"PACKAGE": {"ANALYZER": [diagnostic...] or {"error": "..."}}} objects,
// with go vet's "# package" comment lines between them.
package vetjson

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// A Diagnostic is one finding as the tree reports it.
type Diagnostic struct {
	Package  string
	Analyzer string
	Posn     string // file:line:col
	Message  string
}

// An Error is an analyzer that failed on a package.
type Error struct {
	Package, Analyzer, Message string
}

// Read decodes every tree in r. An analyzer that ran without findings on
// a package is reported to ran, so that callers can list it with zero.
func Read(r io.Reader, ran func(analyzer string)) ([]Diagnostic, []Error, error) {
	var buf bytes.Buffer
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		if !bytes.HasPrefix(sc.Bytes(), []byte("#")) {
			buf.Write(sc.Bytes())
			buf.WriteByte('\n')
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	var diags []Diagnostic
	var errs []Error
	dec := json.NewDecoder(&buf)
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			return diags, errs, nil
		} else if err != nil {
			return nil, nil, fmt.Errorf("not x/tools JSON output: %v", err)
		}
		for pkg, byAnalyzer := range tree {
			for analyzer, raw := range byAnalyzer {
				var list []struct{ Posn, Message string }
				if json.Unmarshal(raw, &list) != nil {
					var failed struct{ Error string }
					json.Unmarshal(raw, &failed)
					errs = append(errs, Error{pkg, analyzer, failed.Error})
					continue
				}
				if ran != nil {
					ran(analyzer)
				}
				for _, d := range list {
					diags = append(diags, Diagnostic{pkg, analyzer, d.Posn, d.Message})
				}
			}
		}
	}
}
