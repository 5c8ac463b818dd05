package manifest

import (
	"encoding/json"
	"fmt"
	"regexp"
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
		if !f.unbounded {
			s.Set("maximum", number(f.maximum))
		}
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
		if blankable(f) {
			p = "^$|" + p // left empty counts as absent
		}
		s.Set("pattern", p)
		if f.check.notPattern != "" {
			s.Set("not", object("pattern", f.check.notPattern))
		}
	}
	if f.options != nil {
		// Each value as a const with its description: editors such as VS Code
		// offer them with their help, and strict validators know the keywords.
		choices := make([]any, len(f.options))
		for i, o := range f.options {
			c := object("const", o.Value)
			c.Set("description", optionDescription(o))
			choices[i] = c
		}
		s.Set("anyOf", choices)
	}
}

// optionDescription is a value's human name and help, as editors show it
// beside the value: "Client credentials. Server to server: what connectors use."
func optionDescription(o Option) string {
	if o.Help == "" {
		return o.Label
	}
	return o.Label + ". " + o.Help
}

// blankable reports whether an optional f left empty counts as absent.
func blankable(f *field) bool {
	return !f.required && !f.keepBlank && (f.kind == kindString || f.kind == kindArray)
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
	if f.contains != nil {
		// Such a list judges [] too (it keeps blank), so the rule applies as it is.
		s.Members = append(s.Members, f.contains.schema().Members...)
	}
}

func (b *schemaBuilder) objectSchema(f *field, s *Object) {
	s.Set("type", "object")
	props, families, deps := &Object{}, &Object{}, &Object{}
	var required, names, rules []any
	for _, c := range f.fields {
		if c.prefix != "" {
			families.Set("^"+regexp.QuoteMeta(c.prefix), b.field(c))
			continue
		}
		props.Set(c.key, b.field(c))
		names = append(names, c.key)
		if c.required {
			required = append(required, c.key)
		}
		if c.renameTo != "" {
			// Both spellings at once is an error: with the old name there, the
			// new one may not be.
			deps.Set(c.key, object("properties", object(c.renameTo, false)))
		}
	}
	for _, r := range f.when {
		if r.schema != nil {
			rules = append(rules, r.schema())
		}
	}
	s.Set("properties", props)
	if len(families.Members) > 0 {
		s.Set("patternProperties", families)
		s.Set("propertyNames", familyNames(f))
	}
	if f.closed != "" {
		s.Set("propertyNames", object("enum", names))
	}
	if len(deps.Members) > 0 {
		s.Set("dependentSchemas", deps)
	}
	if len(required) > 0 {
		s.Set("required", required)
	}
	if len(rules) > 0 {
		s.Set("allOf", rules)
	}
}

// familyNames: a key that starts with a family's prefix must be well formed
// (client_name# and a language tag).
func familyNames(f *field) *Object {
	var all []any
	for _, c := range f.fields {
		if c.prefix == "" {
			continue
		}
		prefix := "^" + regexp.QuoteMeta(c.prefix)
		cond := object("type", "string")
		cond.Set("pattern", prefix)
		then := object("type", "string")
		then.Set("pattern", prefix+languageTag+"$")
		rule := object("if", cond)
		rule.Set("then", then)
		all = append(all, rule)
	}
	return object("allOf", all)
}

func object(key string, v any) *Object { return &Object{Members: []Member{{Key: key, Value: v}}} }

func number(n int) json.Number { return json.Number(strconv.Itoa(n)) }
