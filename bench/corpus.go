// Package corpus names the real-world code that bench/run.sh measures
// golint-conc on: popular concurrency-heavy modules, pinned in go.mod.
//
// The corpus is the packages of these modules that the imports below pull
// in, directly or not (go list -deps ., kept to the corpus modules). The
// imports also keep the modules required when go mod tidy runs. Servers
// are entered at the package that wires them together, so their
// goroutines, locks and channels are all in; prometheus without its
// service-discovery plugins, whose cloud and Kubernetes clients would
// triple what is loaded (see docs/performance.md).
package corpus

import (
	_ "github.com/dgraph-io/badger/v4"
	_ "github.com/golang/groupcache"
	_ "github.com/nats-io/nats-server/v2/server"
	_ "github.com/prometheus/prometheus/notifier"
	_ "github.com/prometheus/prometheus/rules"
	_ "github.com/prometheus/prometheus/scrape"
	_ "github.com/prometheus/prometheus/storage/remote"
	_ "github.com/prometheus/prometheus/tsdb/agent"
	_ "github.com/prometheus/prometheus/web"
	_ "github.com/redis/go-redis/v9"
	_ "go.etcd.io/etcd/server/v3/embed"
	_ "go.uber.org/zap"
	_ "google.golang.org/grpc"
)
