// Package touch holds two small applications that bench/run.sh edits to
// measure an incremental go vet run: the script appends a comment to one
// file, reruns go vet over the whole pattern set and restores the file.
//
// They stand for the code a user edits between two runs: a leaf package
// on top of the analysed packages (stdapp on the standard library,
// corpusapp on the corpus modules), so that an edit re-analyses one
// package and go vet's cache serves the rest.
package touch
