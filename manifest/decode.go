package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Decode parses a manifest without judging its content. It returns a
// Document whenever the input is one JSON object, keeping key order, unknown
// keys and each number's exact text. Its problems are about the JSON itself:
// empty input, malformed JSON (with 1-based line and column), text that is
// not UTF-8 or a \u escape that stands for no character (never replaced by
// U+FFFD), a value that is not an object, data after the object, nesting
// deeper than any manifest (100 levels), and duplicate keys (an error at the
// second key's path; the first value is the one kept).
func Decode(data []byte) (Document, []Problem) {
	data = bytes.TrimPrefix(data, utf8BOM) // editors on Windows add one
	if isBlank(data) {
		return Document{}, []Problem{{Severity: SeverityError,
			Message: "The file is empty: a manifest is a JSON object such as {\"client_name\": \"My app\"}.",
			Hint:    "Paste or upload the manifest's JSON, or start from the example in the guide."}}
	}
	p := newParser(data)
	v, err := p.document()
	if err != nil {
		return Document{}, []Problem{p.problem(err)}
	}
	root, ok := v.(*Object)
	if !ok {
		return Document{}, []Problem{notAnObject(v)}
	}
	if p.tooDeep != nil {
		return Document{}, []Problem{p.problem(p.tooDeep)}
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
	p := newParser(data)
	v, err := p.document()
	if err == nil {
		err = p.tooDeep
	}
	if err != nil {
		return nil, []Problem{p.problem(err)}
	}
	return v, p.problems
}

// parser builds document values in one pass over the input, checking its
// syntax and its UTF-8 on the way. It reports the first syntax error in the
// input; nesting deeper than maxDepth is reported only when the whole input
// is well-formed, so that a syntax error anywhere is the one the user sees.
type parser struct {
	src      string // the input: strings without escapes and numbers are slices of it
	pos      int    // offset in src of the next byte to read
	depth    int    // of the object or list being parsed
	tooDeep  *syntaxError
	path     []step // to the value being parsed, for duplicate-key problems
	discard  int    // > 0 inside a duplicate key's value, which is dropped
	problems []Problem
	repeats  map[string]*repeat // duplicate keys by path, so that a third copy counts instead of repeating

	// Members and elements of the containers being parsed, innermost last:
	// each container takes its own off the top when it closes, into a slice
	// of the exact length carved from a slab.
	members  []Member
	elements []any
	unquoted []byte // scratch for strings with escapes

	// The document's objects, and their members and elements, are carved
	// from slabs: a few allocations for a document, not one or two for
	// each container.
	objectSlab  slab[Object]
	memberSlab  slab[Member]
	elementSlab slab[any]
	// and the headers of its strings, numbers and lists (box.go).
	stringSlab slab[string]
	listSlab   slab[[]any]
}

// slab hands out slices of T carved from one allocation after another. A
// slice it hands out has no spare capacity, so that appending to it later
// (Object.Set) moves it elsewhere rather than writing over its neighbour's
// values.
type slab[T any] struct {
	free []T
	next int // length of the next allocation
}

// newSlab is a slab whose first allocation holds bound values, up to
// maxFirstSlab: a bound from counting bytes may be far over for text full
// of commas, say. Each allocation after it is twice as long.
func newSlab[T any](bound int) slab[T] {
	return slab[T]{next: min(max(bound, 1), maxFirstSlab)}
}

const maxFirstSlab = 1024

// take returns n zero values.
func (s *slab[T]) take(n int) []T {
	if n > len(s.free) {
		s.free = make([]T, max(n, s.next))
		s.next *= 2
	}
	t := s.free[:n:n]
	s.free = s.free[n:]
	return t
}

// step is one token of the path to the value being parsed: an object key,
// or an index into a list when index >= 0.
type step struct {
	key   string
	index int
}

func newParser(data []byte) parser {
	// One copy of the whole input, rather than one per string: the
	// document's strings then share it, and they are most of it anyway.
	// The stacks start with room for a manifest's widest list and object.
	// The slabs start with room for every value the input can hold: each
	// object has its {, each member its colon, each list its [, each
	// element after a list's first a comma before it, and each string two
	// quotes (keys' quotes leave room for the numbers). Strings may hold
	// these bytes too, so the counts are over, never under; counting is far
	// quicker than parsing.
	count := func(c byte) int { return bytes.Count(data, []byte{c}) }
	return parser{src: string(data),
		members: make([]Member, 0, 16), elements: make([]any, 0, 16), path: make([]step, 0, 8),
		objectSlab:  newSlab[Object](count('{')),
		memberSlab:  newSlab[Member](count(':')),
		elementSlab: newSlab[any](count(',') + count('[')),
		stringSlab:  newSlab[string](count('"') / 2),
		listSlab:    newSlab[[]any](count('[')),
	}
}

// maxDepth is far deeper than any manifest (six levels), and keeps the
// canonical form's indentation, which grows with depth squared, small.
// maxSyntaxDepth bounds the parser's recursion, as encoding/json's does.
const (
	maxDepth       = 100
	maxSyntaxDepth = 10000
)

// document parses one value that must make up the whole input.
func (p *parser) document() (any, *syntaxError) {
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		return nil, p.fail(errAfterDocument, p.pos)
	}
	return v, nil
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// next skips whitespace and returns the byte there, or fails at the end of
// the input.
func (p *parser) next() (byte, *syntaxError) {
	p.skipSpace()
	if p.pos == len(p.src) {
		return 0, p.fail(errEnd, p.pos)
	}
	return p.src[p.pos], nil
}

func (p *parser) value() (any, *syntaxError) {
	c, err := p.next()
	if err != nil {
		return nil, err
	}
	switch {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.string()
		if err != nil {
			return nil, err
		}
		return p.boxString(s), nil
	case c == '-' || isDigit(c):
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, p.fail(errValueStart, p.pos)
}

// open steps into the object or list whose bracket is at p.pos.
func (p *parser) open() *syntaxError {
	p.depth++
	if p.depth > maxSyntaxDepth {
		return p.fail(errTooDeepForJSON, p.pos)
	}
	if p.depth > maxDepth && p.tooDeep == nil {
		p.tooDeep = p.fail(errTooDeep, p.pos)
	}
	p.pos++
	return nil
}

func (p *parser) object() (any, *syntaxError) {
	if err := p.open(); err != nil {
		return nil, err
	}
	c, err := p.next()
	if err != nil {
		return nil, err
	}
	if c == '}' {
		p.close()
		return p.newObject(nil), nil
	}
	base := len(p.members)
	keys := keySet{}
	p.path = append(p.path, step{index: -1})
	for {
		if err := p.member(base, &keys); err != nil {
			return nil, err
		}
		if c, err = p.next(); err != nil {
			return nil, err
		}
		if c == '}' {
			break
		}
		if c != ',' {
			return nil, p.fail(errAfterMember, p.pos)
		}
		p.pos++
	}
	p.path = p.path[:len(p.path)-1]
	p.close()
	return p.newObject(pop(&p.members, &p.memberSlab, base)), nil
}

// newObject is an object of the document, carved from its slab.
func (p *parser) newObject(members []Member) *Object {
	o := &p.objectSlab.take(1)[0]
	o.Members = members
	return o
}

// member reads a key and its value onto p.members, where the object's
// members start at base; the value of a duplicate key is dropped.
func (p *parser) member(base int, keys *keySet) *syntaxError {
	key, err := p.key()
	if err != nil {
		return err
	}
	p.path[len(p.path)-1].key = key
	if keys.seen(p.members[base:], key) {
		p.duplicate(key)
		p.discard++
		_, err = p.value()
		p.discard--
		return err
	}
	v, err := p.value()
	p.members = append(p.members, Member{Key: key, Value: v})
	return err
}

// key reads an object key and the colon after it.
func (p *parser) key() (string, *syntaxError) {
	c, err := p.next()
	if err != nil {
		return "", err
	}
	if c != '"' {
		return "", p.fail(errKeyStart, p.pos)
	}
	key, err := p.string()
	if err != nil {
		return "", err
	}
	if c, err = p.next(); err != nil {
		return "", err
	}
	if c != ':' {
		return "", p.fail(errAfterKey, p.pos)
	}
	p.pos++
	return key, nil
}

func (p *parser) array() (any, *syntaxError) {
	if err := p.open(); err != nil {
		return nil, err
	}
	c, err := p.next()
	if err != nil {
		return nil, err
	}
	if c == ']' {
		p.close()
		return p.boxList([]any{}), nil
	}
	base := len(p.elements)
	p.path = append(p.path, step{})
	for i := 0; ; i++ {
		p.path[len(p.path)-1].index = i
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		p.elements = append(p.elements, v)
		if c, err = p.next(); err != nil {
			return nil, err
		}
		if c == ']' {
			break
		}
		if c != ',' {
			return nil, p.fail(errAfterElement, p.pos)
		}
		p.pos++
	}
	p.path = p.path[:len(p.path)-1]
	p.close()
	return p.boxList(pop(&p.elements, &p.elementSlab, base)), nil
}

// close steps out of the object or list whose closing bracket is at p.pos.
func (p *parser) close() {
	p.pos++
	p.depth--
}

// pop removes the members or elements of the container that starts at base
// from the top of stack, and returns them in a slice of their own from slab.
func pop[T any](stack *[]T, slab *slab[T], base int) []T {
	s := slab.take(len(*stack) - base)
	copy(s, (*stack)[base:])
	clear((*stack)[base:]) // let the values be collected with the document
	*stack = (*stack)[:base]
	return s
}

// duplicate reports a repeated key, unless it is inside a value that is
// itself dropped as a duplicate: one problem per cause.
func (p *parser) duplicate(key string) {
	if p.discard > 0 {
		return
	}
	tokens := make([]string, len(p.path))
	for i, s := range p.path {
		tokens[i] = s.key
		if s.index >= 0 {
			tokens[i] = strconv.Itoa(s.index)
		}
	}
	at := Pointer(tokens...)
	if r, seen := p.repeats[at]; seen {
		// One problem per cause: a third copy makes the count grow.
		r.copies++
		pr := &p.problems[r.problem]
		pr.Message = fmt.Sprintf("%q appears %d times in the same object; only the first one is used", key, r.copies)
		pr.Hint = "Delete all but one of them, keeping the value you want."
		return
	}
	if p.repeats == nil {
		p.repeats = map[string]*repeat{}
	}
	p.repeats[at] = &repeat{problem: len(p.problems), copies: 2}
	p.problems = append(p.problems, Problem{
		Path:     at,
		Severity: SeverityError,
		Message:  fmt.Sprintf("%q appears twice in the same object; only the first one is used", key),
		Hint:     "Delete one of the two, keeping the value you want.",
	})
}

// repeat is a key that appears more than once in one object.
type repeat struct{ problem, copies int }

// keySet answers "is this key already among the members?" by scanning small
// objects and by a map once an object is large, so that huge inputs stay
// linear.
type keySet struct{ m map[string]struct{} }

const keySetScanLimit = 16

func (k *keySet) seen(members []Member, key string) bool {
	if k.m == nil && len(members) < keySetScanLimit {
		for i := range members {
			if members[i].Key == key {
				return true
			}
		}
		return false
	}
	if k.m == nil {
		k.m = make(map[string]struct{}, 2*len(members))
		for _, m := range members {
			k.m[m.Key] = struct{}{}
		}
	}
	if _, ok := k.m[key]; ok {
		return true
	}
	k.m[key] = struct{}{}
	return false
}

func notAnObject(v any) Problem {
	what := "a single value"
	switch v.(type) {
	case []any:
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
