package driver

import (
	"errors"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
)

// profiler writes the profiles that -cpuprofile, -memprofile and -trace
// ask for, so that a user who finds a run slow can send us where the time
// and memory went, as with x/tools' multichecker.
type profiler struct {
	cpuFile, memFile, traceFile string
	stops                       []func() error
}

// start begins CPU profiling and tracing.
func (p *profiler) start() error {
	if p.cpuFile != "" {
		f, err := os.Create(p.cpuFile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return err
		}
		p.stops = append(p.stops, func() error {
			pprof.StopCPUProfile()
			return f.Close()
		})
	}
	if p.traceFile != "" {
		f, err := os.Create(p.traceFile)
		if err != nil {
			return errors.Join(err, p.stop())
		}
		if err := trace.Start(f); err != nil {
			f.Close()
			return errors.Join(err, p.stop())
		}
		p.stops = append(p.stops, func() error {
			trace.Stop()
			return f.Close()
		})
	}
	return nil
}

// writeHeap writes the heap profile. The driver calls it right after the
// analysis, while the results of every action are still reachable, since
// that is what the peak memory of a run is made of.
func (p *profiler) writeHeap() error {
	if p.memFile == "" {
		return nil
	}
	f, err := os.Create(p.memFile)
	if err != nil {
		return err
	}
	runtime.GC() // up-to-date statistics
	return errors.Join(pprof.WriteHeapProfile(f), f.Close())
}

// stop ends CPU profiling and tracing and closes their files.
func (p *profiler) stop() error {
	var errs []error
	for _, stop := range p.stops {
		errs = append(errs, stop())
	}
	p.stops = nil
	return errors.Join(errs...)
}
