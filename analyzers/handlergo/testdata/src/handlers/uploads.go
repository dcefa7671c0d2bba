package handlers

import (
	"bufio"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
)

type Uploads struct {
	dir string
}

func (u *Uploads) store(name string, data []byte) {
	if err := os.WriteFile(u.dir+"/"+name, data, 0o644); err != nil {
		log.Print(err)
	}
}

// Accept answers 202 at once and reads the upload in the background, by
// which time the server has closed the body.
func (u *Uploads) Accept(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	go func() { // want `goroutine reads the request body through r.Body, but the handler does not wait for it and the server closes the body when ServeHTTP returns`
		data, err := io.ReadAll(r.Body)
		if err != nil {
			log.Print(err)
			return
		}
		u.store(name, data)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// AcceptCopy reads the body first and stores it in the background.
func (u *Uploads) AcceptCopy(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	name := r.URL.Query().Get("name")
	go u.store(name, data)
	w.WriteHeader(http.StatusAccepted)
}

// Lines scans the body in a goroutine through a scanner made before it.
func (u *Uploads) Lines(w http.ResponseWriter, r *http.Request) {
	sc := bufio.NewScanner(r.Body)
	go func() { // want `goroutine reads the request body through sc, but`
		for sc.Scan() {
			log.Print(sc.Text())
		}
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Decode decodes the body in a goroutine and waits for it.
func (u *Uploads) Decode(w http.ResponseWriter, r *http.Request) {
	var meta map[string]string
	errc := make(chan error)
	go func() {
		errc <- json.NewDecoder(r.Body).Decode(&meta)
	}()
	if err := <-errc; err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Form reads a form value in the background: FormValue parses the body
// on first use.
func (u *Uploads) Form(w http.ResponseWriter, r *http.Request) {
	go u.saveForm(r) // want `goroutine reads the request body through u.saveForm\(r\), but`
	w.WriteHeader(http.StatusAccepted)
}

func (u *Uploads) saveForm(r *http.Request) { // want saveForm:`requestUse\(body:p0\)`
	u.store(r.FormValue("name"), []byte(r.FormValue("content")))
}

// FormCopy parses the form before the goroutine and passes values.
func (u *Uploads) FormCopy(w http.ResponseWriter, r *http.Request) {
	name, content := r.FormValue("name"), r.FormValue("content")
	go u.store(name, []byte(content))
	w.WriteHeader(http.StatusAccepted)
}

// FormArgs reads the form values in the go statement's arguments, which
// the handler evaluates before the goroutine starts.
func (u *Uploads) FormArgs(w http.ResponseWriter, r *http.Request) {
	go u.store(r.FormValue("name"), []byte(r.FormValue("content")))
	w.WriteHeader(http.StatusAccepted)
}

// Trace passes the request to a goroutine that only reads its headers.
func (u *Uploads) Trace(w http.ResponseWriter, r *http.Request) {
	go u.trace(r)
	w.WriteHeader(http.StatusNoContent)
}

func (u *Uploads) trace(r *http.Request) {
	log.Printf("trace %s %s %s", r.Method, r.URL, r.Header.Get("Traceparent"))
}

// Pipe copies the body to a file in a goroutine started with go io.Copy.
func (u *Uploads) Pipe(w http.ResponseWriter, r *http.Request) {
	f, err := os.Create(u.dir + "/raw")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	go io.Copy(f, r.Body) // want `goroutine reads the request body through r.Body`
	w.WriteHeader(http.StatusAccepted)
}

// Subscribe reads a form value inside the goroutine.
func (u *Uploads) Subscribe(w http.ResponseWriter, r *http.Request) {
	go func() { // want `goroutine reads the request body through r.FormValue, which may read it, but`
		u.store("subscriptions", []byte(r.FormValue("email")))
	}()
	w.WriteHeader(http.StatusAccepted)
}
