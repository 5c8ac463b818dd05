package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/go-json-experiment/json/jsontext"
)

// decodeJSONText is Decode built on jsontext's token reader, a candidate
// measured against our own parser (BenchmarkDecodeJSONText). jsontext checks
// UTF-8 and rejects lone surrogate escapes itself; duplicate names are left
// to us, since a duplicate must be reported and parsing go on. Its syntax
// errors are still jsontext's words at jsontext's offsets: matching Decode's
// messages would mean reading them apart again, as the old Decode did with
// encoding/json's.
func decodeJSONText(data []byte) (Document, []Problem) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if isBlank(data) {
		return Decode(data)
	}
	t := tokenParser{tooDeep: -1, dec: jsontext.NewDecoder(bytes.NewBuffer(data), jsontext.AllowDuplicateNames(true)), src: data}
	v, err := t.value()
	if err == nil {
		if _, err = t.dec.ReadToken(); err == io.EOF {
			err = nil
		} else if err == nil {
			err = errors.New("more after the end")
		}
	}
	if err != nil {
		return Document{}, []Problem{t.failure(err)}
	}
	root, ok := v.(*Object)
	if !ok {
		return Document{}, []Problem{notAnObject(v)}
	}
	if t.tooDeep >= 0 {
		return Document{}, []Problem{(&parser{src: string(data)}).problem(&syntaxError{errTooDeep, int(t.tooDeep)})}
	}
	return Document{Root: root}, t.problems
}

type tokenParser struct {
	dec      *jsontext.Decoder
	src      []byte
	depth    int
	tooDeep  int64
	path     []step
	discard  int
	problems []Problem
}

func (t *tokenParser) failure(err error) Problem {
	var se *jsontext.SyntacticError
	pos := len(t.src)
	if errors.As(err, &se) {
		pos = int(se.ByteOffset)
	}
	line, col := lineColumn(string(t.src), pos)
	return Problem{Severity: SeverityError, Message: fmt.Sprintf("line %d, column %d: %v", line, col, err), Hint: "Check the JSON syntax around this point."}
}

func (t *tokenParser) value() (any, error) {
	tok, err := t.dec.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case '{', '[':
		t.depth++
		if t.depth > maxDepth && t.tooDeep < 0 {
			t.tooDeep = t.dec.InputOffset() - 1
		}
		defer func() { t.depth-- }()
		if tok.Kind() == '{' {
			return t.object()
		}
		return t.array()
	case '"':
		return tok.String(), nil
	case '0':
		return json.Number(tok.String()), nil
	case 't':
		return true, nil
	case 'f':
		return false, nil
	}
	return nil, nil
}

func (t *tokenParser) object() (any, error) {
	o := &Object{}
	keys := keySet{}
	t.path = append(t.path, step{index: -1})
	for t.dec.PeekKind() == '"' {
		tok, err := t.dec.ReadToken()
		if err != nil {
			return nil, err
		}
		key := tok.String()
		dup := keys.seen(o.Members, key)
		t.path[len(t.path)-1].key = key
		if dup && t.discard == 0 {
			t.problems = append(t.problems, Problem{Path: t.pointer(), Severity: SeverityError,
				Message: fmt.Sprintf("%q appears twice in the same object; only the first one is used", key),
				Hint:    "Delete one of the two, keeping the value you want."})
		}
		if dup {
			t.discard++
		}
		v, err := t.value()
		if dup {
			t.discard--
		} else {
			o.Members = append(o.Members, Member{Key: key, Value: v})
		}
		if err != nil {
			return nil, err
		}
	}
	t.path = t.path[:len(t.path)-1]
	_, err := t.dec.ReadToken()
	return o, err
}

func (t *tokenParser) array() (any, error) {
	a := []any{}
	t.path = append(t.path, step{})
	for i := 0; t.dec.PeekKind() != ']'; i++ {
		t.path[len(t.path)-1].index = i
		v, err := t.value()
		if err != nil {
			return nil, err
		}
		a = append(a, v)
	}
	t.path = t.path[:len(t.path)-1]
	_, err := t.dec.ReadToken()
	return a, err
}

func (t *tokenParser) pointer() string {
	tokens := make([]string, len(t.path))
	for i, s := range t.path {
		tokens[i] = s.key
		if s.index >= 0 {
			tokens[i] = fmt.Sprint(s.index)
		}
	}
	return Pointer(tokens...)
}
