package manifest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// SchemaID is the "$id" of the manifest's JSON Schema.
const SchemaID = "https://github.com/liveengage/manifestd/schema/manifest.schema.json"

// Schema returns the manifest's rules as a JSON Schema (draft 2020-12), with
// titles and descriptions from the guide, for editors such as VS Code. It is
// derived from the same table as Validate, and accepts a manifest exactly
// when Validate finds no error: warnings never make it fail. Patterns
// approximate what Validate checks in code, in a syntax that ECMA-262 and Go
// read alike.
func Schema() []byte {
	return slices.Clone(schemaJSON())
}

var schemaJSON = sync.OnceValue(func() []byte {
	b := schemaBuilder{defs: &Object{}}
	s := &Object{}
	s.Set("$schema", "https://json-schema.org/draft/2020-12/schema")
	s.Set("$id", SchemaID)
	s.Set("$comment", "Generated from the rules table of github.com/liveengage/manifestd/manifest; do not edit.")
	s.Members = append(s.Members, b.field(manifestFields).Members...)
	s.Set("$defs", b.defs)
	w := jsonWriter{}
	w.object(s, 0)
	return asciiJSON(append(w.buf, '\n'))
})

// asciiJSON escapes every non-ASCII character as \uXXXX, so that the
// invisible spaces in patterns can be read; in JSON they can only be inside
// strings, where the escape means the same character.
func asciiJSON(data []byte) []byte {
	var out []byte
	for _, r := range string(data) {
		switch {
		case r < utf8.RuneSelf:
			out = append(out, byte(r))
		case r > 0xFFFF:
			r1, r2 := utf16.EncodeRune(r)
			out = fmt.Appendf(out, "\\u%04x\\u%04x", r1, r2)
		default:
			out = fmt.Appendf(out, "\\u%04x", r)
		}
	}
	return out
}

// schemaBuilder turns fields into schema objects, sharing the ones that
// have a def name under $defs.
type schemaBuilder struct{ defs *Object }

func (b *schemaBuilder) field(f *field) *Object {
	s := &Object{}
	if f.label != "" {
		s.Set("title", f.label)
	}
	if f.help != "" {
		s.Set("description", f.help)
	}
	if f.renameTo != "" {
		s.Set("deprecated", true)
	}
	if f.def == "" {
		b.body(f, s)
		return s
	}
	if _, done := b.defs.Get(f.def); !done {
		b.defs.Set(f.def, nil) // reserve the name before recursing
		body := &Object{}
		b.body(f, body)
		b.defs.Set(f.def, body)
	}
	s.Set("$ref", "#/$defs/"+f.def)
	return s
}

func (b *schemaBuilder) body(f *field, s *Object) {
	switch f.kind {
	case kindString:
		stringSchema(f, s)
	case kindInteger:
		s.Set("type", "integer")
		s.Set("minimum", number(f.minimum))
		s.Set("maximum", number(f.maximum))
	case kindBool:
		s.Set("type", "boolean")
		if f.mustBeFalse {
			s.Set("const", false)
		}
	case kindArray:
		b.arraySchema(f, s)
	case kindObject:
		b.objectSchema(f, s)
	}
}

func stringSchema(f *field, s *Object) {
	s.Set("type", "string")
	if f.maxLen > 0 {
		s.Set("maxLength", number(f.maxLen))
	}
	if f.check != nil {
		p := f.check.pattern
		if !f.required {
			p = "^$|" + p // left empty counts as absent
		}
		s.Set("pattern", p)
	}
	if f.options != nil {
		values := make([]any, len(f.options))
		descriptions := make([]any, len(f.options))
		for i, o := range f.options {
			values[i] = o.Value
			descriptions[i] = o.Label
			if o.Help != "" {
				descriptions[i] = o.Label + ": " + o.Help
			}
		}
		s.Set("enum", values)
		s.Set("enumDescriptions", descriptions) // VS Code shows these in completion
	}
}

func (b *schemaBuilder) arraySchema(f *field, s *Object) {
	s.Set("type", "array")
	s.Set("items", b.field(f.items))
	if f.minItems > 0 {
		s.Set("minItems", number(f.minItems))
	}
	if f.unique {
		s.Set("uniqueItems", true)
	}
	if f.contains != "" {
		contains := object("contains", object("const", f.contains))
		if f.required {
			s.Set("contains", contains.Members[0].Value)
		} else {
			// Left empty counts as absent, so only a non-empty list must hold it.
			s.Set("if", object("minItems", number(1)))
			s.Set("then", contains)
		}
	}
}

func (b *schemaBuilder) objectSchema(f *field, s *Object) {
	s.Set("type", "object")
	props := &Object{}
	var required, names []any
	deps := &Object{}
	for _, c := range f.fields {
		props.Set(c.key, b.field(c))
		names = append(names, c.key)
		if c.required {
			required = append(required, c.key)
		}
		if c.renameTo != "" {
			// Both spellings at once is an error, unless the new one is left empty.
			target := object("required", []any{c.renameTo})
			target.Set("properties", object(c.renameTo, object("not", blankSchema(f.child(c.renameTo)))))
			deps.Set(c.key, object("not", target))
		}
	}
	s.Set("properties", props)
	if f.closed != "" {
		s.Set("propertyNames", object("enum", names))
	}
	if len(deps.Members) > 0 {
		s.Set("dependentSchemas", deps)
	}
	switch {
	case len(required) == 0:
	case f.required:
		s.Set("required", required)
	default:
		// Left empty counts as absent; once filled in, the required keys are.
		s.Set("if", object("not", blankSchema(f)))
		s.Set("then", object("required", required))
	}
}

// blankSchema matches what blank() calls left empty.
func blankSchema(f *field) *Object {
	switch f.kind {
	case kindString:
		return object("const", "")
	case kindArray:
		s := object("type", "array")
		s.Set("maxItems", number(0))
		return s
	case kindObject:
		s := object("type", "object")
		var names []any
		props := &Object{}
		for _, c := range f.fields {
			if !c.required && (c.kind == kindString || c.kind == kindArray || c.kind == kindObject) {
				names = append(names, c.key)
				props.Set(c.key, blankSchema(c))
			}
		}
		if len(names) == 0 {
			s.Set("maxProperties", number(0))
			return s
		}
		s.Set("propertyNames", object("enum", names))
		s.Set("properties", props)
		return s
	}
	return object("not", &Object{}) // never blank
}

func object(key string, v any) *Object { return &Object{Members: []Member{{Key: key, Value: v}}} }

func number(n int) json.Number { return json.Number(strconv.Itoa(n)) }
