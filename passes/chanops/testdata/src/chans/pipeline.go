package chans

// gen is a pipeline generator: its caller owns the channel it returns, so
// the pass leaves it alone.
func gen(nums ...int) <-chan int {
	out := make(chan int) // want `chan out cap=0 ops=close@go/defer,send@go/loop senders=1 escapes=returned`
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n
		}
	}()
	return out
}

// square reads its input through a direction-converted copy.
func square(in <-chan int) <-chan int {
	out := make(chan int, 1) // want `chan out cap=1 ops=send@go/loop,close@go senders=1 escapes=returned`
	var send chan<- int = out
	go func() {
		for n := range in {
			send <- n * n
		}
		close(send)
	}()
	return out
}

// SumSquares runs a whole pipeline inside one function: nothing escapes.
func SumSquares(nums []int) int {
	src := make(chan int) // want `chan src cap=0 ops=close@go/defer,send@go/loop,range@go senders=1 escapes=false`
	sq := make(chan int)  // want `chan sq cap=0 ops=close@go/defer,send@go/loop,range@main senders=1 escapes=false`
	go func() {
		defer close(src)
		for _, n := range nums {
			src <- n
		}
	}()
	go func() {
		defer close(sq)
		for n := range src {
			sq <- n * n
		}
	}()
	total := 0
	for v := range sq {
		total += v
	}
	return total
}

// stage forwards in to out and closes out: the summary worker goroutines
// started on it use.
func stage(in <-chan string, out chan<- string, f func(string) string) {
	defer close(out)
	for s := range in {
		out <- f(s)
	}
}

// Normalize chains stages started as named functions, passing aliases.
func Normalize(lines []string, trim, lower func(string) string) []string {
	raw := make(chan string, len(lines)) // want `chan raw cap=-1 ops=send@main/loop,close@main,range:stage@go senders=1 escapes=false`
	trimmed := make(chan string)         // want `chan trimmed cap=0 ops=send:stage@go,close:stage@go,range:stage@go senders=1 escapes=false`
	lowered := make(chan string)         // want `chan lowered cap=0 ops=send:stage@go,close:stage@go,range@main senders=1 escapes=false`
	for _, l := range lines {
		raw <- l
	}
	close(raw)
	t := trimmed
	go stage(raw, t, trim)
	go stage((<-chan string)(trimmed), lowered, lower)
	var out []string
	for s := range lowered {
		out = append(out, s)
	}
	return out
}

// Batch keeps one reply channel per request, made inside the loop: the
// loop runs once per channel, so nothing is InLoop.
func Batch(reqs []string, handle func(string) int) int {
	total := 0
	for _, r := range reqs {
		reply := make(chan int) // want `chan reply cap=0 ops=send@go,recv@main senders=1 escapes=false`
		go func() { reply <- handle(r) }()
		total += <-reply
	}
	return total
}

// drainAll is a function variable: its channel lives in a literal at
// package level.
var drainAll = func(vals []int) int {
	ch := make(chan int, len(vals)) // want `chan ch cap=-1 ops=send@main/loop,close@main,range@main senders=1 escapes=false`
	for _, v := range vals {
		ch <- v
	}
	func() { close(ch) }()
	n := 0
	for range ch {
		n++
	}
	return n
}

// countdown hands its channel back through a named result.
func countdown(n int) (ticks chan int) {
	c := make(chan int, n) // want `chan c cap=-1 ops=send@main/loop senders=1 escapes=returned`
	for i := n; i > 0; i-- {
		c <- i
	}
	ticks = c
	return
}
