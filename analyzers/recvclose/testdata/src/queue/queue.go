// Package queue provides consumers that other packages start on channels
// they make.
package queue

// DrainUntil receives messages until stop returns true, then closes the
// channel it was reading: only safe if nobody sends any more.
func DrainUntil(msgs chan string, stop func(string) bool) {
	for m := range msgs {
		if stop(m) {
			close(msgs)
			return
		}
	}
}

// Print receives every message; it never closes.
func Print(msgs <-chan string, print func(string)) {
	for m := range msgs {
		print(m)
	}
}

// Publish sends the messages and closes its output: a generator.
func Publish(msgs chan<- string, list []string) {
	defer close(msgs)
	for _, m := range list {
		msgs <- m
	}
}
