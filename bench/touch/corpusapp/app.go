// Package corpusapp is a small gRPC service on the corpus modules, the
// file that bench/run.sh corpus edits between two go vet runs.
package corpusapp

import (
	"context"
	"net"

	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// Serve serves the gRPC health service on lis until ctx is done, then
// stops the server gracefully.
func Serve(ctx context.Context, lis net.Listener, log *zap.Logger) error {
	srv := grpc.NewServer()
	healthpb.RegisterHealthServer(srv, health.NewServer())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(lis) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		log.Info("stopping gRPC server")
		srv.GracefulStop()
		return <-errc
	}
}
