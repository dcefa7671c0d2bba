package testmaincleanup

// Store is the package under test.
type Store struct{ dir string }
