// Package directive defines an Analyzer that reports golint-conc
// suppression directives that suppress nothing or give no reason.
//
// # Analyzer directive
//
// directive: report malformed or unexplained suppression directives
//
// Every golint-conc analyzer honours three kinds of comment that suppress
// its findings:
//
//	//golint-conc:ignore NAME[,NAME...] reason
//	//golint-conc:file-ignore NAME[,NAME...] reason
//	//nolint[:NAME[,NAME...]] [// reason]
//
// NAME is an analyzer name such as chanleak; in golint-conc:ignore and
// golint-conc:file-ignore, "all" names every analyzer, and so does
// "golint-conc" or "all" in a nolint, or a bare //nolint. Names are
// separated by commas without spaces. A golint-conc directive must give a
// reason after the names, or it suppresses nothing; the reason may start
// with "//". The nolint form is golangci-lint's: its names run up to the
// next "//", and it suppresses with or without a reason, as in
// golangci-lint. A nolint naming only other linters (//nolint:errcheck)
// does not affect golint-conc. Directives are line comments; a /* */
// comment is never one. gofmt rewrites a "//golint-conc:" comment in the
// doc comment of a top-level declaration to "// golint-conc:" (Go
// reserves the space-less form for names without a hyphen), so that
// spelling is accepted too.
//
// Where a directive applies:
//
//   - At the end of a line of code, it covers that line.
//   - Alone on its line, it covers its line and the whole of every syntax
//     node that starts on the next line holding code: a statement with all
//     of its lines, a declaration (above a func, the entire function), a
//     spec in a var or const group, a struct field, a case clause. Lines
//     holding only comments are skipped on the way, so a directive may sit
//     in a doc comment; a blank line ends the search, and a directive
//     followed by one covers nothing else.
//   - golint-conc:file-ignore covers the whole file, wherever it stands.
//
// A finding is suppressed when its position lies in the scope of a
// directive that names its analyzer. The filter runs inside each analyzer,
// so it works the same in golint-conc's own command, under go vet
// -vettool, in the golint-conc language server and inside golangci-lint.
// golangci-lint also applies its own nolint handling, at the level of the
// linter it knows, the plugin named golint-conc: //nolint:golint-conc
// silences every golint-conc analyzer there, while //nolint:chanleak is
// applied by golint-conc itself (golangci-lint may warn that it knows no
// linter called chanleak). To silence a single analyzer under
// golangci-lint, prefer //golint-conc:ignore chanleak reason.
//
// The directive analyzer reports, at the comment:
//
//   - a golint-conc:ignore or golint-conc:file-ignore without analyzer
//     names or without a reason, which suppresses nothing;
//   - one whose names include an empty item (a stray comma) or a name
//     that is not a golint-conc analyzer, which suppresses nothing for
//     that name;
//   - an unknown golint-conc verb, such as golint-conc:ignroe;
//   - a nolint that names golint-conc or one of its analyzers but gives
//     no "// reason";
//   - a nolint item such as "chanleak because", where a missing "//" made
//     golangci-lint's syntax read the reason as part of the name, so that
//     it suppresses nothing.
//
// A bare //nolint or //nolint:all is golangci-lint's business and is not
// reported, nor are directives in generated files.
//
// # Why it matters
//
// A suppression is a claim that a finding is a false positive or an
// accepted risk. Without the reason, the next reader cannot check the
// claim when the code around it changes, and a concurrency bug stays
// hidden behind a comment nobody can evaluate. A misspelt analyzer name,
// verb or separator is worse: the author believes the finding is handled,
// but the directive does nothing.
//
// # Wrong
//
//	func (s *Server) Start() {
//		//golint-conc:ignore chanleak
//		go s.acceptLoop()
//
//		go s.reap() //nolint:chanleak
//
//		go s.flush() //golint-conc:ignore chanlaek flush exits on Close
//	}
//
// # Right
//
//	func (s *Server) Start() {
//		//golint-conc:ignore chanleak acceptLoop returns when Close closes the listener
//		go s.acceptLoop()
//
//		go s.reap() //nolint:chanleak // reap stops when s.done is closed
//
//		go s.flush() //golint-conc:ignore chanleak flush exits on Close
//	}
//
// # How to fix
//
// Write the analyzer names and, after them, why the finding does not
// apply here: what makes the goroutine exit, who closes the channel,
// which lock order makes the access safe. Correct the spelling of
// misspelt names and verbs. Better still, fix the code so that no
// directive is needed. There is no suggested fix: a reason cannot be
// invented.
//
// # Go versions
//
// All versions. Directives are comments, and their meaning does not
// depend on the Go version of the file.
package directive
