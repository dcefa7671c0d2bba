package spawnscall

import "spawnsdep"

func main() {
	p := &spawnsdep.Pool{}
	spawnsdep.Serve(p) // want `call of spawning Serve`
	p.Run(2)           // want `call of spawning Run`
	spawnsdep.Drain(p)
}
