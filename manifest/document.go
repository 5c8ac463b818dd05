package manifest

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
)

// Object is a JSON object that keeps its members in order, so that a manifest
// comes back the way the user wrote it, unknown keys included.
type Object struct{ Members []Member }

// Member is one key and its value. Values inside a Document are *Object,
// []any, string, json.Number, bool and nil.
type Member struct {
	Key   string
	Value any
}

// Get returns the value of the first member named key.
func (o *Object) Get(key string) (any, bool) {
	if o == nil {
		return nil, false
	}
	for i := range o.Members {
		if o.Members[i].Key == key {
			return o.Members[i].Value, true
		}
	}
	return nil, false
}

// Set replaces the value of the member named key where it stands, or appends
// the member when there is none.
func (o *Object) Set(key string, v any) {
	for i := range o.Members {
		if o.Members[i].Key == key {
			o.Members[i].Value = v
			return
		}
	}
	o.Members = append(o.Members, Member{Key: key, Value: v})
}

// Delete removes every member named key.
func (o *Object) Delete(key string) {
	if o == nil {
		return
	}
	kept := o.Members[:0]
	for _, m := range o.Members {
		if m.Key != key {
			kept = append(kept, m)
		}
	}
	clear(o.Members[len(kept):]) // let the removed values be collected
	o.Members = kept
}

// MarshalJSON writes the object compactly, members in order, without
// escaping HTML characters.
func (o *Object) MarshalJSON() ([]byte, error) {
	if o == nil {
		return []byte("null"), nil
	}
	w := jsonWriter{}
	w.object(o, -1)
	return w.buf, nil
}

// Document is a manifest in any state, exactly as the user has it, including
// what is wrong: a string where a number belongs stays a string, and the
// validator reports it.
type Document struct {
	Root *Object // nil only when the input was not a JSON object
}

// NewDocument returns a document holding an empty object.
func NewDocument() Document { return Document{Root: &Object{}} }

// Clone returns a deep copy that shares nothing mutable with d.
func (d Document) Clone() Document {
	if d.Root == nil {
		return Document{}
	}
	return Document{Root: cloneValue(d.Root).(*Object)}
}

func cloneValue(v any) any {
	switch v := v.(type) {
	case *Object:
		if v == nil {
			return v
		}
		c := &Object{Members: make([]Member, len(v.Members))}
		for i, m := range v.Members {
			c.Members[i] = Member{Key: m.Key, Value: cloneValue(m.Value)}
		}
		return c
	case []any:
		if v == nil {
			return v
		}
		c := make([]any, len(v))
		for i, e := range v {
			c[i] = cloneValue(e)
		}
		return c
	default:
		return v // strings, numbers, booleans and nil are immutable
	}
}

// Equal reports whether two documents hold the same JSON: object members in
// any order, array elements in order, numbers compared by their text (3 and
// 3.0 differ, as they do in the file).
func (d Document) Equal(o Document) bool {
	return equalValue(d.Root, o.Root)
}

func equalValue(a, b any) bool {
	switch a := a.(type) {
	case *Object:
		bo, ok := b.(*Object)
		return ok && equalObject(a, bo)
	case []any:
		bs, ok := b.([]any)
		if !ok || len(a) != len(bs) {
			return false
		}
		for i := range a {
			if !equalValue(a[i], bs[i]) {
				return false
			}
		}
		return true
	case string:
		bs, ok := b.(string)
		return ok && a == bs
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb
	case nil:
		return b == nil
	}
	if na, ok := numberText(a); ok {
		nb, ok := numberText(b)
		return ok && na == nb
	}
	return reflect.DeepEqual(a, b) // not a document value; compare as Go does
}

func equalObject(a, b *Object) bool {
	if a == nil || b == nil {
		return a == b
	}
	if len(a.Members) != len(b.Members) {
		return false
	}
	for _, m := range a.Members {
		v, ok := b.Get(m.Key)
		if !ok || !equalValue(m.Value, v) {
			return false
		}
	}
	return true
}

// numberText returns the JSON text of a number: a json.Number as written, or
// a Go number that code (rather than Decode) put into a document.
func numberText(v any) (string, bool) {
	switch n := v.(type) {
	case json.Number:
		return string(n), true
	case int:
		return strconv.Itoa(n), true
	case int64:
		return strconv.FormatInt(n, 10), true
	case int32, int16, int8, uint, uint64, uint32, uint16, uint8, float64, float32:
		b, err := json.Marshal(n) // NaN and infinities are not JSON numbers
		return string(b), err == nil
	}
	return "", false
}

// Get returns the value at a JSON Pointer; "" is the root object.
func (d Document) Get(ptr string) (any, bool) {
	tokens, err := SplitPointer(ptr)
	if err != nil || d.Root == nil {
		return nil, false
	}
	var cur any = d.Root
	for _, t := range tokens {
		switch c := cur.(type) {
		case *Object:
			v, ok := c.Get(t)
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, ok := arrayIndex(t, len(c))
			if !ok || i == len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// Set puts v at a JSON Pointer. Missing intermediate containers are created:
// an array when the next token is an array index ("0", "-"), an object
// otherwise, so that form fields such as .../headers/0/header_name work on an
// empty webhook. In an array, an index replaces an element, and "-" or the
// length appends. Setting "" replaces the root, which must be an *Object.
func (d *Document) Set(ptr string, v any) error {
	tokens, err := SplitPointer(ptr)
	if err != nil {
		return err
	}
	if len(tokens) == 0 {
		o, ok := v.(*Object)
		if !ok || o == nil {
			return errors.New("the whole manifest must be a JSON object")
		}
		d.Root = o
		return nil
	}
	if d.Root == nil {
		d.Root = &Object{}
	}
	_, err = setIn(d.Root, tokens, v, "")
	return err
}

// setIn sets v at tokens below c and returns c, which is a new slice when an
// array grew; at is c's own pointer, for error messages.
func setIn(c any, tokens []string, v any, at string) (any, error) {
	tok, rest := tokens[0], tokens[1:]
	switch c := c.(type) {
	case *Object:
		if len(rest) == 0 {
			c.Set(tok, v)
			return c, nil
		}
		child, _ := c.Get(tok)
		nc, err := setIn(containerFor(child, rest[0]), rest, v, at+Pointer(tok))
		if err != nil {
			return nil, err
		}
		c.Set(tok, nc)
		return c, nil
	case []any:
		i, ok := arrayIndex(tok, len(c))
		if !ok {
			return nil, fmt.Errorf("%s/%s: not an index of the list at %s", at, tok, pointerOrRoot(at))
		}
		var child any
		if i < len(c) {
			child = c[i]
		}
		nv := v
		if len(rest) > 0 {
			var err error
			if nv, err = setIn(containerFor(child, rest[0]), rest, v, at+Pointer(tok)); err != nil {
				return nil, err
			}
		}
		if i == len(c) {
			return append(c, nv), nil
		}
		c[i] = nv
		return c, nil
	default:
		return nil, fmt.Errorf("cannot set a value inside %s: it is not an object or a list", pointerOrRoot(at))
	}
}

// containerFor returns child, or a new container for the next token when
// there is nothing there yet.
func containerFor(child any, next string) any {
	if o, ok := child.(*Object); child != nil && (!ok || o != nil) {
		return child
	}
	if _, ok := arrayIndex(next, 0); ok {
		return []any{}
	}
	return &Object{}
}

func pointerOrRoot(ptr string) string {
	if ptr == "" {
		return "the manifest"
	}
	return ptr
}

// arrayIndex parses an RFC 6901 array index for an array of length n; "-"
// and n itself stand for the position after the last element.
func arrayIndex(tok string, n int) (int, bool) {
	if tok == "-" {
		return n, true
	}
	if tok == "" || len(tok) > 9 || (tok[0] == '0' && len(tok) > 1) {
		return 0, false
	}
	i := 0
	for j := 0; j < len(tok); j++ {
		if tok[j] < '0' || tok[j] > '9' {
			return 0, false
		}
		i = i*10 + int(tok[j]-'0')
	}
	return i, i <= n
}

// Remove deletes the value at a JSON Pointer; removing an array element
// shifts the ones after it. Nothing happens when there is no such value, and
// the root itself cannot be removed.
func (d *Document) Remove(ptr string) {
	tokens, err := SplitPointer(ptr)
	if err != nil || len(tokens) == 0 || d.Root == nil {
		return
	}
	removeIn(d.Root, tokens)
}

// removeIn removes tokens below c and returns c, which is a new slice when
// an element was removed from an array.
func removeIn(c any, tokens []string) any {
	tok, rest := tokens[0], tokens[1:]
	switch c := c.(type) {
	case *Object:
		if c == nil {
			return c
		}
		if len(rest) == 0 {
			c.Delete(tok)
			return c
		}
		for i := range c.Members {
			if c.Members[i].Key == tok {
				c.Members[i].Value = removeIn(c.Members[i].Value, rest)
				break
			}
		}
		return c
	case []any:
		i, ok := arrayIndex(tok, len(c))
		if !ok || i == len(c) {
			return c
		}
		if len(rest) > 0 {
			c[i] = removeIn(c[i], rest)
			return c
		}
		// A new slice, so that anyone holding the old one sees no shift.
		return append(c[:i:i], c[i+1:]...)
	}
	return c
}
