package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Decode parses a manifest without judging its content. It returns a
// Document whenever the input is one JSON object, keeping key order, unknown
// keys and each number's exact text. Its problems are about the JSON itself:
// empty input, malformed JSON (with 1-based line and column), a value that is
// not an object, data after the object, nesting deeper than any manifest
// (100 levels), and duplicate keys (an error at the second key's path; the
// first value is the one kept).
func Decode(data []byte) (Document, []Problem) {
	data = bytes.TrimPrefix(data, utf8BOM) // editors on Windows add one
	if isBlank(data) {
		return Document{}, []Problem{{Severity: SeverityError,
			Message: "The file is empty: a manifest is a JSON object such as {\"client_name\": \"My app\"}.",
			Hint:    "Paste or upload the manifest's JSON, or start from the example in the guide."}}
	}
	if p, bad := syntaxProblem(data); bad {
		return Document{}, []Problem{p}
	}
	p := newParser(data)
	tok, err := p.dec.Token()
	if err != nil {
		return Document{}, []Problem{p.failure(err)}
	}
	if tok != json.Delim('{') {
		return Document{}, []Problem{notAnObject(tok)}
	}
	p.depth = 1
	root, err := p.object()
	if err != nil {
		return Document{}, []Problem{p.failure(err)}
	}
	return Document{Root: root}, p.problems
}

// Check decodes a manifest and, when that gives a Document, validates it.
// Decode's problems come first.
func Check(data []byte) (Document, []Problem) {
	doc, problems := Decode(data)
	if doc.Root != nil {
		problems = append(problems, Validate(doc)...)
	}
	return doc, problems
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// isBlank reports whether data holds nothing but JSON whitespace.
func isBlank(data []byte) bool {
	return len(bytes.Trim(data, " \t\r\n")) == 0
}

// decodeValue parses any JSON value into document values.
func decodeValue(data []byte) (any, []Problem) {
	if p, bad := syntaxProblem(data); bad {
		return nil, []Problem{p}
	}
	p := newParser(data)
	v, err := p.value()
	if err != nil {
		return nil, []Problem{p.failure(err)}
	}
	return v, p.problems
}

// parser builds document values from the token stream. The input has
// already passed the syntax check, so its only error of the user's making is
// nesting too deep.
type parser struct {
	data     []byte
	dec      *json.Decoder
	depth    int      // of the object or list being parsed
	path     []string // of the value being parsed, for duplicate-key problems
	discard  int      // > 0 inside a duplicate key's value, which is dropped
	problems []Problem
}

func newParser(data []byte) *parser {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // keep each number's text: 3.0 stays 3.0
	return &parser{data: data, dec: dec}
}

// maxDepth is far deeper than any manifest (six levels), and keeps the
// canonical form's indentation, which grows with depth squared, small.
const maxDepth = 100

var errTooDeep = errors.New("nested too deeply")

// failure turns a parse error into the problem to report.
func (p *parser) failure(err error) Problem {
	if !errors.Is(err, errTooDeep) {
		return internalProblem(err)
	}
	pos := min(max(int(p.dec.InputOffset())-1, 0), len(p.data)) // at the bracket just read
	line, col := lineColumn(p.data, pos)
	return Problem{Severity: SeverityError,
		Message: fmt.Sprintf("line %d, column %d: the JSON is nested more than %d levels deep", line, col, maxDepth),
		Hint:    "A manifest nests objects and lists only a few levels deep."}
}

func (p *parser) value() (any, error) {
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return tok, nil // string, json.Number, bool or nil
	}
	if p.depth++; p.depth > maxDepth {
		return nil, errTooDeep
	}
	defer func() { p.depth-- }()
	if tok == json.Delim('{') {
		return p.object()
	}
	return p.array()
}

func (p *parser) object() (*Object, error) {
	o := &Object{}
	keys := keySet{}
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		dup := keys.seen(o, key)
		p.path = append(p.path, key)
		if dup {
			p.duplicate(key)
			p.discard++
		}
		v, err := p.value()
		if dup {
			p.discard--
		} else {
			o.Members = append(o.Members, Member{Key: key, Value: v})
		}
		p.path = p.path[:len(p.path)-1]
		if err != nil {
			return nil, err
		}
	}
	_, err := p.dec.Token() // the closing brace
	return o, err
}

func (p *parser) array() ([]any, error) {
	a := []any{}
	for i := 0; p.dec.More(); i++ {
		p.path = append(p.path, strconv.Itoa(i))
		v, err := p.value()
		p.path = p.path[:len(p.path)-1]
		if err != nil {
			return nil, err
		}
		a = append(a, v)
	}
	_, err := p.dec.Token() // the closing bracket
	return a, err
}

// duplicate reports a repeated key, unless it is inside a value that is
// itself dropped as a duplicate: one problem per cause.
func (p *parser) duplicate(key string) {
	if p.discard > 0 {
		return
	}
	p.problems = append(p.problems, Problem{
		Path:     Pointer(p.path...),
		Severity: SeverityError,
		Message:  fmt.Sprintf("%q appears twice in the same object; only the first one is used", key),
		Hint:     "Delete one of the two, keeping the value you want.",
	})
}

// keySet answers "was this key already in o?" by scanning small objects and
// by a map once an object is large, so that huge inputs stay linear.
type keySet struct{ m map[string]struct{} }

const keySetScanLimit = 16

func (k *keySet) seen(o *Object, key string) bool {
	if k.m == nil && len(o.Members) < keySetScanLimit {
		_, ok := o.Get(key)
		return ok
	}
	if k.m == nil {
		k.m = make(map[string]struct{}, 2*len(o.Members))
		for _, m := range o.Members {
			k.m[m.Key] = struct{}{}
		}
	}
	if _, ok := k.m[key]; ok {
		return true
	}
	k.m[key] = struct{}{}
	return false
}

func notAnObject(tok json.Token) Problem {
	what := "a single value"
	switch tok.(type) {
	case json.Delim:
		what = "a list ([...])"
	case string:
		what = "a string"
	case json.Number:
		what = "a number"
	case bool:
		what = "true or false"
	case nil:
		what = "null"
	}
	return Problem{Severity: SeverityError,
		Message: "A manifest must be a JSON object ({...}), but this file holds " + what + ".",
		Hint:    "Put the manifest's fields between { and }, for example {\"client_name\": \"My app\"}."}
}

func internalProblem(err error) Problem {
	return Problem{Severity: SeverityError,
		Message: "The JSON could not be read: " + err.Error(),
		Hint:    "Check the file's JSON syntax, for example with an editor that highlights it."}
}

// noopUnmarshaler lets json.Unmarshal run its syntax check over the whole
// input without building anything.
type noopUnmarshaler struct{}

func (*noopUnmarshaler) UnmarshalJSON([]byte) error { return nil }

// syntaxProblem checks data in one pass. Unlike the token stream's errors,
// json.Unmarshal's carry an offset from the start of the input, and it also
// rejects data after the first value.
func syntaxProblem(data []byte) (Problem, bool) {
	err := json.Unmarshal(data, &noopUnmarshaler{})
	if err == nil {
		return Problem{}, false
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return internalProblem(err), true
	}
	pos := int(se.Offset)
	if strings.HasPrefix(se.Error(), "invalid character") || strings.Contains(se.Error(), "max depth") {
		pos-- // the offset counts the offending byte itself
	}
	pos = min(max(pos, 0), len(data))
	line, col := lineColumn(data, pos)
	msg, hint := describeSyntaxError(se.Error(), data, pos)
	return Problem{Severity: SeverityError,
		Message: fmt.Sprintf("line %d, column %d: %s", line, col, msg), Hint: hint}, true
}

// lineColumn turns a byte offset into a 1-based line and a 1-based column
// counted in characters, as editors show them.
func lineColumn(data []byte, pos int) (line, col int) {
	before := data[:pos]
	line = 1 + bytes.Count(before, []byte{'\n'})
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCount(before[start:])
}

// describeSyntaxError rewrites encoding/json's message for a customer.
func describeSyntaxError(msg string, data []byte, pos int) (string, string) {
	r, _ := utf8.DecodeRune(data[pos:])
	ch := strconv.QuoteRune(r)
	switch {
	case msg == "unexpected end of JSON input":
		return "the file ends before the JSON is complete", "Check that every {, [ and \" is closed."
	case strings.Contains(msg, "max depth"):
		return "the JSON is nested too deeply", "A manifest nests objects and lists only a few levels deep."
	case strings.HasSuffix(msg, "after top-level value"):
		return "there is more after the end of the manifest's JSON object",
			"A manifest file holds exactly one JSON object: remove what follows its closing }."
	case strings.HasSuffix(msg, "after object key:value pair"):
		return "expected a comma or } here; is a comma missing after the previous value?",
			"Separate the fields of an object with commas."
	case strings.HasSuffix(msg, "after array element"):
		return "expected a comma or ] here; is a comma missing after the previous item?",
			"Separate the items of a list with commas."
	case strings.HasSuffix(msg, "after object key"):
		return "expected a colon (:) after the field name", `Write each field as "name": value.`
	case strings.HasSuffix(msg, "looking for beginning of object key string"):
		return describeMissingKey(r, ch)
	case strings.HasSuffix(msg, "looking for beginning of value"):
		return describeMissingValue(r, ch)
	case strings.HasSuffix(msg, "in string literal"):
		return "text in double quotes contains a line break or another control character (" + ch + ")",
			"Keep text on one line and close it with \"; write a line break as \\n and a tab as \\t."
	case strings.Contains(msg, "escape"):
		return "invalid escape sequence in text at " + ch,
			`Write a backslash as \\; the escapes are \" \\ \/ \b \f \n \r \t and \uXXXX.`
	case strings.Contains(msg, "numeric literal"):
		return "invalid number at " + ch, "Write numbers like 3, -1 or 2.5: no leading zeros, no trailing point."
	case strings.Contains(msg, "in literal"):
		return "unexpected " + ch + ": expected true, false or null",
			"Write true, false and null in lowercase, or put text in double quotes."
	}
	return msg, "Check the JSON syntax around this point."
}

func describeMissingKey(r rune, ch string) (string, string) {
	switch r {
	case '}':
		return "a comma is followed by }; there is no field after it",
			"Remove the comma after the last field of the object."
	case '\'':
		return "field names need double quotes, not single quotes", `Write "client_name", not 'client_name'.`
	}
	return "expected a field name in double quotes, found " + ch, `Write each field as "name": value.`
}

func describeMissingValue(r rune, ch string) (string, string) {
	switch r {
	case ']':
		return "a comma is followed by ]; there is no item after it",
			"Remove the comma after the last item of the list."
	case '}', ',':
		return "a value is missing before " + ch, "Write a value after the colon, for example \"text\", 3 or false."
	case '\'':
		return "text needs double quotes, not single quotes", `Write "text", not 'text'.`
	}
	return "unexpected " + ch + " where a value should start",
		"Put text in double quotes; other values are numbers, true, false, null, [lists] and {objects}."
}
