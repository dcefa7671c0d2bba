//golint-conc:file-ignore chanleak,wgdone this file has no leaks to hide

package pipeline

func pumpAgain(ch chan job) {
	go drain(ch) // want "go statement"
}
