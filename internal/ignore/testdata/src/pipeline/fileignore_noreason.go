package pipeline

//golint-conc:file-ignore fakeconc

func pumpOnce(ch chan job) {
	go drain(ch) // want "go statement"
}
