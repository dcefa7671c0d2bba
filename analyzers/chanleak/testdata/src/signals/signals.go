// Package signals holds one-shot signals that more goroutines wait on
// than values are sent (seed row 1, "one signal, two receivers"), and the
// correct signals they resemble.
package signals

import (
	"fmt"
	"sync"
	"time"
)

func process(files []string) {
	for _, f := range files {
		fmt.Println("processing", f)
		time.Sleep(time.Millisecond)
	}
}

// Pipeline is seed row 1: the processor signals once, and both the
// collector and the caller wait for that one value. One of them waits
// forever; here the caller, so the whole pipeline deadlocks.
func Pipeline(files []string) {
	filesProcessed := make(chan bool)
	resultsCollected := make(chan bool)
	go func() {
		defer func() {
			filesProcessed <- true
		}()
		process(files)
	}()
	go func() {
		defer func() {
			resultsCollected <- true
		}()
		<-filesProcessed
		fmt.Println("collecting results")
	}()
	<-filesProcessed // want `2 receives wait on filesProcessed, but only one value is sent on it and it is never closed: a value wakes only one receiver, so one of them blocks forever; close filesProcessed to wake every receiver, or send once per receiver`
	<-resultsCollected
}

// PipelineClosed is the fix: closing the channel wakes every receiver.
func PipelineClosed(files []string) {
	filesProcessed := make(chan struct{})
	resultsCollected := make(chan struct{})
	go func() {
		defer close(filesProcessed)
		process(files)
	}()
	go func() {
		defer close(resultsCollected)
		<-filesProcessed
		fmt.Println("collecting results")
	}()
	<-filesProcessed
	<-resultsCollected
}

// PipelineChained waits only for the last stage, which waited for the
// first: one value, one receiver each.
func PipelineChained(files []string) {
	filesProcessed := make(chan bool)
	resultsCollected := make(chan bool)
	go func() {
		process(files)
		filesProcessed <- true
	}()
	go func() {
		<-filesProcessed
		resultsCollected <- true
	}()
	<-resultsCollected
}

// Workers wait for a start signal that is sent once per worker.
func Workers(jobs []string) {
	start := make(chan bool)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		<-start
		process(jobs[:len(jobs)/2])
	}()
	go func() {
		defer wg.Done()
		<-start
		process(jobs[len(jobs)/2:])
	}()
	start <- true
	start <- true
	wg.Wait()
}

// WorkersOneStart sends a single start value to two waiting workers.
func WorkersOneStart(jobs []string) {
	start := make(chan bool, 1)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		<-start
		process(jobs[:len(jobs)/2])
	}()
	go func() {
		defer wg.Done()
		<-start // want `2 receives wait on start, but only one value is sent on it and it is never closed`
		process(jobs[len(jobs)/2:])
	}()
	start <- true
	wg.Wait()
}

// Optional waits for the audit only when one was started: the second
// receive may never run.
func Optional(files []string, audit bool) {
	done := make(chan bool)
	go func() {
		process(files)
		done <- true
	}()
	<-done
	if audit {
		<-done
	}
}

// Retried starts the sender in a loop: the number of values is unknown.
func Retried(files []string, tries int) {
	done := make(chan bool, tries)
	for range tries {
		go func() {
			process(files)
			done <- true
		}()
	}
	<-done
	<-done
}

// Relay hands the one value on: each receive is matched by a send.
func Relay(files []string) {
	first := make(chan string)
	go func() {
		first <- files[0]
	}()
	go func() {
		v := <-first
		first <- v + " (relayed)"
	}()
	<-first
}

// Guarded receives a second time only after an early return that may
// skip it.
func Guarded(files []string) error {
	done := make(chan bool)
	go func() {
		process(files)
		done <- true
	}()
	<-done
	if len(files) == 0 {
		return fmt.Errorf("no files")
	}
	<-done
	return nil
}
