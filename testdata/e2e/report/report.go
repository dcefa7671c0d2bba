// Package report exists so that its test file is analyzed.
package report
