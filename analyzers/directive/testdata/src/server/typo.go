package server

// want +1 `unknown directive golint-conc:ignroe: it suppresses nothing`
//golint-conc:ignroe chanleak the drain goroutine exits on Close

// want +1 `golint-conc:file-ignore needs the analyzer names and a reason, e.g. //golint-conc:file-ignore chanleak`
//golint-conc:file-ignore wgdone

//golint-conc:file-ignore sleepsync the retry helpers below pace on purpose

func retry(attempts int, f func() error) error {
	var err error
	for range attempts {
		if err = f(); err == nil {
			return nil
		}
	}
	return err
}
