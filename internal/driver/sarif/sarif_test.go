package sarif_test

import (
	"bytes"
	"encoding/json"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golint-conc/golint-conc/internal/driver/finding"
	"github.com/golint-conc/golint-conc/internal/driver/sarif"
)

var tool = sarif.ToolInfo{
	Name:           "golint-conc",
	Version:        "v1.2.3",
	InformationURI: "https://github.com/golint-conc/golint-conc",
	Rules: []sarif.RuleInfo{
		{ID: "lockleak", Title: "report a return that leaves a mutex locked", Description: "First paragraph.\n\nSecond.", URL: "https://example.com/lockleak"},
		{ID: "wgdone", Title: "report goroutines that skip wg.Done", URL: "https://example.com/wgdone"},
	},
}

func pos(file string, line, col, offset int) token.Position {
	return token.Position{Filename: file, Line: line, Column: col, Offset: offset}
}

// encode builds and writes the log, and decodes it again as generic JSON,
// the way a consumer sees it.
func encode(t *testing.T, root string, findings []finding.Finding) (raw string, log map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	if err := sarif.Write(&buf, sarif.Build(tool, root, findings)); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, buf.String())
	}
	return buf.String(), log
}

// validate checks what SARIF 2.1.0 and GitHub code scanning require of the
// parts golint-conc writes.
func validate(t *testing.T, log map[string]any) {
	t.Helper()
	if log["version"] != "2.1.0" || log["$schema"] != sarif.Schema {
		t.Errorf("version %v, $schema %v", log["version"], log["$schema"])
	}
	runs, _ := log["runs"].([]any)
	if len(runs) != 1 {
		t.Fatalf("want 1 run, got %v", log["runs"])
	}
	run := runs[0].(map[string]any)
	driver := run["tool"].(map[string]any)["driver"].(map[string]any)
	if driver["name"] != "golint-conc" {
		t.Errorf("driver name %v", driver["name"])
	}
	var ruleIDs []string
	for _, r := range driver["rules"].([]any) {
		rule := r.(map[string]any)
		id, _ := rule["id"].(string)
		short, _ := rule["shortDescription"].(map[string]any)
		if id == "" || short["text"] == "" {
			t.Errorf("rule without id or shortDescription: %v", rule)
		}
		if rule["defaultConfiguration"].(map[string]any)["level"] != "warning" {
			t.Errorf("rule %s: default level %v", id, rule["defaultConfiguration"])
		}
		ruleIDs = append(ruleIDs, id)
	}
	results, ok := run["results"].([]any)
	if !ok {
		t.Fatalf("run has no results array: %v", run["results"])
	}
	base, _ := run["originalUriBaseIds"].(map[string]any)
	if root, _ := base[sarif.SrcRoot].(map[string]any); root == nil || !strings.HasPrefix(root["uri"].(string), "file:///") || !strings.HasSuffix(root["uri"].(string), "/") {
		t.Errorf("originalUriBaseIds: %v", base)
	}
	for _, r := range results {
		res := r.(map[string]any)
		id := res["ruleId"].(string)
		idx := int(res["ruleIndex"].(float64))
		if idx < 0 || idx >= len(ruleIDs) || ruleIDs[idx] != id {
			t.Errorf("result ruleId %s, ruleIndex %d; rules %v", id, idx, ruleIDs)
		}
		if res["message"].(map[string]any)["text"] == "" || res["level"] != "warning" {
			t.Errorf("result message/level: %v", res)
		}
		locs := res["locations"].([]any)
		if len(locs) == 0 {
			t.Errorf("result without locations: %v", res)
		}
		related, _ := res["relatedLocations"].([]any)
		for _, l := range append(locs, related...) {
			phys := l.(map[string]any)["physicalLocation"].(map[string]any)
			art := phys["artifactLocation"].(map[string]any)
			uri := art["uri"].(string)
			if art["uriBaseId"] != sarif.SrcRoot || strings.HasPrefix(uri, "/") || strings.Contains(uri, `\`) || strings.Contains(uri, "..") {
				t.Errorf("location %v is not relative to %%SRCROOT%%", art)
			}
			region := phys["region"].(map[string]any)
			if line, _ := region["startLine"].(float64); line < 1 {
				t.Errorf("startLine %v", region["startLine"])
			}
		}
	}
}

func TestNoFindingsStillHasResults(t *testing.T) {
	raw, log := encode(t, "/src/proj", nil)
	validate(t, log)
	if !strings.Contains(raw, `"results": []`) {
		t.Errorf("want an empty results array, got:\n%s", raw)
	}
	rules := log["runs"].([]any)[0].(map[string]any)["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)
	if len(rules) != 2 {
		t.Errorf("want one rule per analyzer, got %d", len(rules))
	}
}

func TestFindingsAreRelativeAndComplete(t *testing.T) {
	root := "/src/proj"
	file := "/src/proj/server/server.go"
	findings := []finding.Finding{{
		Analyzer: "lockleak",
		Pos:      pos(file, 29, 3, 400), End: pos(file, 29, 25, 422),
		Message: "return at line 29 leaves r.mu locked",
		Related: []finding.Related{{Pos: pos(file, 27, 2, 350), End: pos(file, 27, 12, 360), Message: "locked here"}},
		Fixes: []finding.Fix{{Message: "Unlock before returning", Edits: []finding.Edit{
			{Pos: pos(file, 29, 3, 400), End: pos(file, 29, 3, 400), New: "r.mu.Unlock()\n\t\t"},
			{Pos: pos(file, 30, 1, 430), End: pos(file, 31, 1, 440), New: ""},
		}}},
	}, {
		// An analyzer that is not among the rules still gets a rule.
		Analyzer: "directive", Pos: pos("/src/proj/a b.go", 1, 1, 0), End: pos("/src/proj/a b.go", 1, 1, 0), Message: "ignore without a reason",
	}}
	_, log := encode(t, root, findings)
	validate(t, log)

	run := log["runs"].([]any)[0].(map[string]any)
	res := run["results"].([]any)[0].(map[string]any)
	phys := res["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
	if uri := phys["artifactLocation"].(map[string]any)["uri"]; uri != "server/server.go" {
		t.Errorf("uri %v, want server/server.go", uri)
	}
	region := phys["region"].(map[string]any)
	if region["startLine"] != 29.0 || region["startColumn"] != 3.0 || region["endLine"] != 29.0 || region["endColumn"] != 25.0 {
		t.Errorf("region %v", region)
	}
	if rel := res["relatedLocations"].([]any)[0].(map[string]any); rel["message"].(map[string]any)["text"] != "locked here" {
		t.Errorf("related location %v", rel)
	}
	change := res["fixes"].([]any)[0].(map[string]any)["artifactChanges"].([]any)[0].(map[string]any)
	reps := change["replacements"].([]any)
	if len(reps) != 2 {
		t.Fatalf("replacements %v", reps)
	}
	insert := reps[0].(map[string]any)
	if insert["insertedContent"].(map[string]any)["text"] != "r.mu.Unlock()\n\t\t" || insert["deletedRegion"].(map[string]any)["endColumn"] != 3.0 {
		t.Errorf("insertion %v", insert)
	}
	if _, ok := reps[1].(map[string]any)["insertedContent"]; ok {
		t.Errorf("a deletion has no insertedContent: %v", reps[1])
	}

	res2 := run["results"].([]any)[1].(map[string]any)
	if res2["ruleId"] != "directive" || res2["ruleIndex"] != 2.0 {
		t.Errorf("unlisted analyzer: %v", res2)
	}
	loc2 := res2["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
	if uri := loc2["artifactLocation"].(map[string]any)["uri"]; uri != "a%20b.go" {
		t.Errorf("uri %v, want the space escaped", uri)
	}
	if _, ok := loc2["region"].(map[string]any)["endLine"]; ok {
		t.Errorf("a point finding has no end: %v", loc2["region"])
	}
}

func TestFileOutsideRootIsAbsolute(t *testing.T) {
	f := finding.Finding{Analyzer: "wgdone", Pos: pos("/elsewhere/x.go", 3, 1, 10), Message: "m"}
	log := sarif.Build(tool, "/src/proj", []finding.Finding{f})
	loc := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	if loc.URI != "file:///elsewhere/x.go" || loc.URIBaseID != "" {
		t.Errorf("artifact location %+v", loc)
	}
}

// Columns are UTF-16 code units in SARIF and bytes in Go.
func TestColumnsCountUTF16(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.go")
	line := "\ts := \"héllo😀\"; go f(s)\n"
	if err := os.WriteFile(file, []byte("package x\n"+line), 0o666); err != nil {
		t.Fatal(err)
	}
	byteCol := strings.Index(line, "go f") + 1 // 1-based, in bytes
	f := finding.Finding{Analyzer: "wgdone", Pos: pos(file, 2, byteCol, 0), End: pos(file, 2, byteCol+2, 2), Message: "m"}
	region := sarif.Build(tool, dir, []finding.Finding{f}).Runs[0].Results[0].Locations[0].PhysicalLocation.Region
	// é is 2 bytes and 1 unit; 😀 is 4 bytes and 2 units.
	if want := byteCol - 1 - 2; region.StartColumn != want || region.EndColumn != want+2 {
		t.Errorf("columns %d..%d, want %d..%d", region.StartColumn, region.EndColumn, want, want+2)
	}
}
