package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// JSON-RPC 2.0 and LSP error codes.
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeServerNotInitialized = -32002
)

// maxFrame bounds one message body, so a corrupt Content-Length cannot make
// the server allocate without limit. Editors send whole files in didChange;
// 64 MiB is far above any Go source file.
const maxFrame = 64 << 20

// A message is any JSON-RPC 2.0 message: a request has ID and Method, a
// notification only Method, a response ID and Result or Error.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

// isRequest reports whether m expects a response.
func (m *message) isRequest() bool { return len(m.ID) > 0 && m.Method != "" }

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return fmt.Sprintf("jsonrpc error %d: %s", e.Code, e.Message) }

// errBadFrame marks a frame whose header or body could not be used. The
// stream itself is still in step, so the server answers and reads on.
var errBadFrame = errors.New("bad frame")

// frameReader reads Content-Length framed messages. bufio and io.ReadFull
// make it indifferent to how the bytes are split across reads.
type frameReader struct {
	r *bufio.Reader
}

func newFrameReader(r io.Reader) *frameReader { return &frameReader{r: bufio.NewReader(r)} }

// read returns the next frame's body. An error wrapping errBadFrame means
// that this frame was unusable but the next one can be read; any other
// error ends the stream.
func (fr *frameReader) read() ([]byte, error) {
	length := -1
	var headerErr error
	sawHeader := false
	for {
		line, err := fr.r.ReadString('\n')
		if err != nil {
			if err == io.EOF && (sawHeader || line != "") {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if !sawHeader {
				continue // stray blank lines between frames
			}
			break
		}
		sawHeader = true
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			headerErr = fmt.Errorf("%w: header line %q has no colon", errBadFrame, line)
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 || n > maxFrame {
				headerErr = fmt.Errorf("%w: invalid Content-Length %q", errBadFrame, value)
				continue
			}
			length = n
		}
	}
	if length < 0 {
		if headerErr == nil {
			headerErr = fmt.Errorf("%w: no Content-Length header", errBadFrame)
		}
		// Without a length the body cannot be skipped; the next header
		// search resynchronises on the following blank-line-terminated block.
		return nil, headerErr
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(fr.r, body); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	if headerErr != nil {
		return nil, headerErr
	}
	return body, nil
}

// frameWriter writes Content-Length framed messages. Responses come from
// the reading goroutine and notifications from analysis goroutines, so
// writes are serialised; after close it drops messages instead of writing
// to a stream its owner may have closed.
type frameWriter struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
	err    error // first write error; later writes are skipped
}

func (fw *frameWriter) write(m *message) error {
	m.JSONRPC = "2.0"
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	var frame bytes.Buffer
	fmt.Fprintf(&frame, "Content-Length: %d\r\n\r\n", len(body))
	frame.Write(body)

	fw.mu.Lock()
	defer fw.mu.Unlock()
	if fw.closed {
		return errors.New("connection closed")
	}
	if fw.err != nil {
		return fw.err
	}
	if _, err := fw.w.Write(frame.Bytes()); err != nil {
		fw.err = err
		return err
	}
	return nil
}

func (fw *frameWriter) close() {
	fw.mu.Lock()
	fw.closed = true
	fw.mu.Unlock()
}

// notify sends a notification.
func (fw *frameWriter) notify(method string, params any) error {
	raw, err := json.Marshal(params)
	if err != nil {
		return err
	}
	return fw.write(&message{Method: method, Params: raw})
}

// reply answers the request with id with result, or with rerr when it is
// not nil. A nil result is sent as JSON null, as "result" is required.
func (fw *frameWriter) reply(id json.RawMessage, result any, rerr *rpcError) error {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	m := &message{ID: id}
	if rerr != nil {
		m.Error = rerr
		return fw.write(m)
	}
	raw, err := json.Marshal(result)
	if err != nil {
		return err
	}
	m.Result = raw
	return fw.write(m)
}
