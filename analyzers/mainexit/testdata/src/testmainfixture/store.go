package testmainfixture

// Addr is where the tests find the fake backend.
var Addr string
