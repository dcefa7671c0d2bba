package spawnsuse

import "spawnsdep"

// Boot spawns only through another package's functions, which the pass
// knows from SpawnsFact.
func Boot(p *spawnsdep.Pool) { // want Boot:"spawns"
	spawnsdep.Serve(p)
}

// Flush calls nothing that spawns.
func Flush(p *spawnsdep.Pool) {
	spawnsdep.Drain(p)
}
