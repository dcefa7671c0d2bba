package eventloop

// Leader publishes leadership changes to one reader that only cares about
// the newest: a stale pending value is dropped to make room, as
// nats-server's raft.updateLeadChange does.
type Leader struct {
	changes chan bool // buffered, capacity 1
	pending chan int
}

func (l *Leader) publish(isLeader bool) {
	for {
		select {
		case l.changes <- isLeader:
			return
		default:
			select {
			case <-l.changes: // drop the stale value
			default: // the reader took it: retry at once
			}
		}
	}
}

// publishDrainOther is the look-alike that spins: its default drains a
// different channel, which never makes room for the send.
func (l *Leader) publishDrainOther(isLeader bool) {
	for {
		select {
		case l.changes <- isLeader:
			return
		default: // want `select in a for loop has a default that neither blocks nor leaves the loop`
			select {
			case <-l.pending:
			default:
			}
		}
	}
}
