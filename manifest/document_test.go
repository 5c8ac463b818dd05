package manifest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestPointer(t *testing.T) {
	tests := []struct {
		tokens []string
		ptr    string
	}{
		{nil, ""},
		{[]string{""}, "/"},
		{[]string{"capabilities", "webhooks", "a/b"}, "/capabilities/webhooks/a~1b"},
		{[]string{"~1", "/0", "~"}, "/~01/~10/~0"},
		{[]string{"a", "", "0"}, "/a//0"},
	}
	for _, tt := range tests {
		if got := Pointer(tt.tokens...); got != tt.ptr {
			t.Errorf("Pointer(%q) = %q, want %q", tt.tokens, got, tt.ptr)
		}
		got, err := SplitPointer(tt.ptr)
		if err != nil || !slices.Equal(got, tt.tokens) {
			t.Errorf("SplitPointer(%q) = %q, %v; want %q", tt.ptr, got, err, tt.tokens)
		}
	}
	for _, bad := range []string{"a", "/~", "/~2", "/a~"} {
		if _, err := SplitPointer(bad); err == nil {
			t.Errorf("SplitPointer(%q) accepted", bad)
		}
	}
}

func TestDocumentGet(t *testing.T) {
	doc := decodeOK(t, []byte(`{"a": {"b/c": [10, {"~d": true}]}, "": 1}`))
	tests := []struct {
		ptr  string
		want any
		ok   bool
	}{
		{"/a/b~1c/0", json.Number("10"), true},
		{"/a/b~1c/1/~0d", true, true},
		{"/", json.Number("1"), true},
		{"/a/b~1c/2", nil, false},
		{"/a/b~1c/-", nil, false},
		{"/a/b~1c/01", nil, false},
		{"/a/x", nil, false},
		{"/a/b~1c/0/x", nil, false},
		{"a", nil, false},
	}
	for _, tt := range tests {
		got, ok := doc.Get(tt.ptr)
		if ok != tt.ok || (ok && !equalValue(got, tt.want)) {
			t.Errorf("Get(%q) = %v, %v; want %v, %v", tt.ptr, got, ok, tt.want, tt.ok)
		}
	}
	if root, ok := doc.Get(""); !ok || root != any(doc.Root) {
		t.Error(`Get("") is not the root`)
	}
	if _, ok := (Document{}).Get(""); ok {
		t.Error("a document without root has a root")
	}
}

func TestDocumentSet(t *testing.T) {
	tests := []struct {
		name, start, ptr string
		value            any
		want             string // compact JSON after Set
		err              string
	}{
		{"replace in place", `{"a": 1, "b": 2}`, "/a", "x", `{"a":"x","b":2}`, ""},
		{"append key", `{"a": 1}`, "/b", true, `{"a":1,"b":true}`, ""},
		{"create objects", `{}`, "/capabilities/webhooks/a~1b/endpoint", "https://x", `{"capabilities":{"webhooks":{"a/b":{"endpoint":"https://x"}}}}`, ""},
		{"create a list for an index", `{}`, "/h/headers/0/header_name", "A", `{"h":{"headers":[{"header_name":"A"}]}}`, ""},
		{"append with -", `{"l": [1]}`, "/l/-", json.Number("2"), `{"l":[1,2]}`, ""},
		{"append at length", `{"l": [1]}`, "/l/1", json.Number("2"), `{"l":[1,2]}`, ""},
		{"replace element", `{"l": [1, 2]}`, "/l/0", nil, `{"l":[null,2]}`, ""},
		{"into element", `{"l": [{}]}`, "/l/0/k", "v", `{"l":[{"k":"v"}]}`, ""},
		{"new element object", `{"l": []}`, "/l/-/k", "v", `{"l":[{"k":"v"}]}`, ""},
		{"null is replaced", `{"a": null}`, "/a/b", "v", `{"a":{"b":"v"}}`, ""},
		{"past the end", `{"l": [1]}`, "/l/3", "v", "", "not an index"},
		{"through a string", `{"a": "s"}`, "/a/b", "v", "", "/a"},
		{"bad pointer", `{}`, "a", "v", "", "must start with /"},
		{"root must be an object", `{}`, "", "v", "", "object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeOK(t, []byte(tt.start))
			err := doc.Set(tt.ptr, tt.value)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := compact(t, doc); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	var empty Document
	if err := empty.Set("/a", "x"); err != nil || compact(t, empty) != `{"a":"x"}` {
		t.Errorf("Set on a document without root: %v", err)
	}
	root := &Object{}
	if err := empty.Set("", root); err != nil || empty.Root != root {
		t.Errorf(`Set(""): %v`, err)
	}
}

func TestDocumentRemove(t *testing.T) {
	tests := []struct{ name, start, ptr, want string }{
		{"key", `{"a": 1, "b": 2}`, "/a", `{"b":2}`},
		{"nested key", `{"a": {"b": 1, "c": 2}}`, "/a/c", `{"a":{"b":1}}`},
		{"element shifts", `{"l": [1, 2, 3]}`, "/l/0", `{"l":[2,3]}`},
		{"last element", `{"l": [1, 2, 3]}`, "/l/2", `{"l":[1,2]}`},
		{"inside element", `{"l": [{"a": 1}]}`, "/l/0/a", `{"l":[{}]}`},
		{"absent key", `{"a": 1}`, "/b", `{"a":1}`},
		{"absent index", `{"l": [1]}`, "/l/5", `{"l":[1]}`},
		{"dash", `{"l": [1]}`, "/l/-", `{"l":[1]}`},
		{"through a scalar", `{"a": 1}`, "/a/b", `{"a":1}`},
		{"root stays", `{"a": 1}`, "", `{"a":1}`},
		{"bad pointer", `{"a": 1}`, "a", `{"a":1}`},
		{"escaped", `{"a/b": 1, "c": 2}`, "/a~1b", `{"c":2}`},
	}
	for _, tt := range tests {
		doc := decodeOK(t, []byte(tt.start))
		doc.Remove(tt.ptr)
		if got := compact(t, doc); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
	doc := decodeOK(t, []byte(`{"l": [1, 2, 3]}`))
	held, _ := doc.Get("/l")
	doc.Remove("/l/0")
	if !equalValue(held, []any{json.Number("1"), json.Number("2"), json.Number("3")}) {
		t.Errorf("Remove changed a list someone holds: %v", held)
	}
	(&Document{}).Remove("/a") // no root: nothing to do, no panic
}

func TestObjectMethods(t *testing.T) {
	o := &Object{}
	o.Set("b", 1)
	o.Set("a", 2)
	o.Set("b", 3)
	o.Members = append(o.Members, Member{"a", 4})
	if v, ok := o.Get("a"); !ok || v != 2 {
		t.Errorf("Get returns the first member: %v", v)
	}
	o.Delete("a")
	if len(o.Members) != 1 || o.Members[0] != (Member{"b", 3}) {
		t.Errorf("Delete: %v", o.Members)
	}
	var none *Object
	if _, ok := none.Get("a"); ok {
		t.Error("nil object has a member")
	}
	none.Delete("a")
	if b, _ := none.MarshalJSON(); string(b) != "null" {
		t.Errorf("nil object marshals as %s", b)
	}
}

func TestObjectMarshalJSON(t *testing.T) {
	doc := decodeOK(t, []byte(`{"z": "<&>", "a": [1.50, {"y": null, "x": false}], "e": {}, "l": []}`))
	b, err := doc.Root.MarshalJSON()
	if err != nil || string(b) != `{"z":"<&>","a":[1.50,{"y":null,"x":false}],"e":{},"l":[]}` {
		t.Errorf("got %s, %v", b, err)
	}
	if !json.Valid(b) {
		t.Error("not JSON")
	}
}

func TestCloneIsDeep(t *testing.T) {
	doc := decodeOK(t, guideExample(t))
	c := doc.Clone()
	if !c.Equal(doc) {
		t.Fatal("clone differs")
	}
	mustSet(t, &c, wh+"/headers/0/header_name", "Changed")
	mustSet(t, &c, "/grant_types/0", "x")
	if v, _ := doc.Get(wh + "/headers/0/header_name"); v != "NAME" {
		t.Error("changing the clone changed the original's header")
	}
	if v, _ := doc.Get("/grant_types/0"); v != "client_credentials" {
		t.Error("changing the clone changed the original's list")
	}
	if (Document{}).Clone().Root != nil {
		t.Error("clone of no root")
	}
}

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{`{"a": 1, "b": 2}`, `{"b": 2, "a": 1}`, true},
		{`{"a": [1, 2]}`, `{"a": [2, 1]}`, false},
		{`{"a": 3}`, `{"a": 3.0}`, false},
		{`{"a": {"x": null}}`, `{"a": {"x": null}}`, true},
		{`{"a": {"x": null}}`, `{"a": {}}`, false},
		{`{"a": {}}`, `{"a": {"x": null}}`, false},
		{`{"a": "1"}`, `{"a": 1}`, false},
		{`{"a": true}`, `{"a": false}`, false},
		{`{"a": []}`, `{"a": {}}`, false},
	}
	for _, tt := range tests {
		a, b := decodeOK(t, []byte(tt.a)), decodeOK(t, []byte(tt.b))
		if got := a.Equal(b); got != tt.want {
			t.Errorf("%s == %s: %v", tt.a, tt.b, got)
		}
	}
	if !(Document{}).Equal(Document{}) || (Document{}).Equal(NewDocument()) {
		t.Error("documents without root")
	}
	one := NewDocument()
	one.Root.Set("n", 3)
	if !one.Equal(decodeOK(t, []byte(`{"n": 3}`))) {
		t.Error("a Go int equals the same JSON number")
	}
}

func compact(t *testing.T, d Document) string {
	t.Helper()
	b, err := d.Root.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
