package manifest

import (
	"slices"
	"strconv"
	"strings"
)

// What the editor gets of the profile: sections, app kinds, and each field's
// label, help, control and values, so that the web and views layers loop
// over the profile and name no field of their own.

// The editor's sections that edit manifest fields.
const (
	sectionGeneral    = "general"
	sectionSignIn     = "signin"
	sectionWebhooks   = "webhooks"
	sectionEngagement = "engagement"
)

// Section is one part of the manifest, edited on one form.
type Section struct {
	Name, Title, Help string
	apps              appSet
}

var sections = []Section{
	{sectionGeneral, "General", "The app's names, what it may ask of LivePerson's OAuth server, and its logo.", forEither},
	{sectionSignIn, "Sign-in and launch", "How agents sign in to a web app, and whether it sits in the agent workspace's quick-launch menu.", forWebApp},
	{sectionWebhooks, "Webhooks", "Where LivePerson sends a connector's messaging events, and how it retries.", forConnector},
	{sectionEngagement, "Engagement", "Whether and how a connector takes part in LiveEngage's engagements.", forConnector},
}

// Sections are the manifest's sections in the editor's order. The result is a copy.
func Sections() []Section { return slices.Clone(sections) }

// sectionTitle is the title of the named section.
func sectionTitle(name string) string {
	for _, s := range sections {
		if s.Name == name {
			return s.Title
		}
	}
	return name
}

// UsedBy reports whether apps of kind k use the section.
func (s Section) UsedBy(k AppKind) bool { return s.apps.has(k) }

// SectionOf names the section where the field at ptr is edited; a field the
// profile does not know belongs to the section of the nearest one it does,
// and to General at the top level.
func SectionOf(ptr string) string {
	tokens, _ := SplitPointer(ptr)
	f, section := manifestFields, sectionGeneral
	for _, t := range tokens {
		if f = f.step(t); f == nil {
			break
		}
		if f.section != "" {
			section = f.section
		}
	}
	return section
}

// SectionShown reports whether the editor shows the section for d: when d's
// kind uses it, or d already has something in it.
func SectionShown(d Document, name string) bool {
	i := slices.IndexFunc(sections, func(s Section) bool { return s.Name == name })
	if i < 0 {
		return false
	}
	return sections[i].UsedBy(KindOf(d)) || holdsSection(d, name)
}

// holdsSection reports whether d has a value edited in the section.
func holdsSection(d Document, name string) bool {
	for _, f := range Fields(name) {
		if d.Has(f.Pointer) {
			return true
		}
	}
	return false
}

// FieldShown reports whether the editor shows the field for d: when d's
// kind uses it, or d already has it.
func FieldShown(d Document, f Field) bool {
	return f.apps == 0 || f.apps.has(KindOf(d)) || d.Has(f.Pointer)
}

// KindOf reads the app kind from the document (RULES.md, "App kinds"): a web
// app lists authorization_code and not client_credentials among its grant
// types; every other manifest is a connector.
func KindOf(d Document) AppKind {
	grants, _ := d.Get("/grant_types")
	list, _ := grants.([]any)
	if slices.Contains(list, any(authorizationCode)) && !slices.Contains(list, any(RequiredGrantType)) {
		return WebApp
	}
	return Connector
}

// AppKindChoice is one answer to "what kind of app is it?" for a new draft.
type AppKindChoice struct {
	Kind        AppKind
	Label, Help string
}

// AppKindChoices are the kinds a new draft can start as, connector first.
var AppKindChoices = []AppKindChoice{
	{Connector, "Connector", "A Connector API app: LivePerson sends messaging events to your webhooks, and it can take part in engagements."},
	{WebApp, "Web app", "An app agents sign in to through LivePerson (the OAuth authorization code), which can sit in the agent workspace's quick-launch menu."},
}

// Label is the kind's human name.
func (k AppKind) Label() string {
	for _, c := range AppKindChoices {
		if c.Kind == k {
			return c.Label
		}
	}
	return string(k)
}

// ParseAppKind reads a kind from a form value.
func ParseAppKind(s string) (AppKind, bool) {
	for _, c := range AppKindChoices {
		if string(c.Kind) == s {
			return c.Kind, true
		}
	}
	return "", false
}

// NewDraft is where a new draft of kind k starts: each field's value in the
// profile's template for that kind, in canonical order.
func NewDraft(k AppKind) Document {
	root := &Object{}
	for _, f := range manifestFields.fields {
		if v := f.start.of(k); v != nil {
			root.Set(f.key, cloneValue(v))
		}
	}
	return Document{Root: root}
}

// Field is what the editor needs to show and decode one field.
type Field struct {
	Pointer  string // where it is; a row's fields are relative to their row
	Key      string // the JSON key
	Label    string
	Help     string
	Control  Control
	Required bool
	Options  []Option // the allowed values, with human names
	MaxLen   int      // strings: at most this many characters (0: no limit)
	Min, Max int      // integers (Max 0: no maximum)
	Secret   bool     // a credential: masked unless asked
	Image    bool     // the address of an image the editor can preview
	Fixed    any      // the only value allowed, which the form writes
	FixedWhy string
	Prefix   string  // a key family (client_name#): the key is Prefix + a language tag
	Children []Field // a group or card's fields, or a row's fields (relative: "/header_name")
	apps     appSet
}

// FixedValue is a copy of the fixed value, for the document.
func (f Field) FixedValue() any { return cloneValue(f.Fixed) }

// FixedText is the fixed value as JSON, for showing.
func (f Field) FixedText() string { return jsonText(f.Fixed) }

// Fields are the fields edited in the named section, in canonical order,
// each with its children.
func Fields(section string) []Field {
	var out []Field
	collectSection(manifestFields, "", sectionGeneral, section, &out)
	return out
}

// collectSection gathers the top-most fields under f that belong to section.
func collectSection(f *field, at, inherited, section string, out *[]Field) {
	for _, c := range f.fields {
		s := inherited
		if c.section != "" {
			s = c.section
		}
		ptr := at + Pointer(c.key)
		switch {
		case c.control == "" && c.kind == kindObject:
			collectSection(c, ptr, s, section, out)
		case c.control != "" && s == section:
			*out = append(*out, exported(c, ptr))
		}
	}
}

func exported(f *field, ptr string) Field {
	out := Field{
		Pointer: ptr, Key: f.key, Label: f.label, Help: f.help, Control: f.control, Required: f.required,
		MaxLen: f.maxLen, Secret: f.secret, Image: f.image, Fixed: f.fixed, FixedWhy: f.fixedWhy, Prefix: f.prefix, apps: f.apps,
	}
	if f.kind == kindInteger {
		out.Min, out.Max = f.minimum, f.maximum
	}
	if f.prefix != "" {
		out.Pointer = Pointer(f.prefix)
	}
	values := f
	if f.kind == kindArray {
		values = f.items
	}
	out.Options = slices.Clone(values.options)
	if values.kind == kindInteger && f.kind == kindArray {
		out.Min = values.minimum
	}
	for _, c := range values.fields {
		if c.control == "" {
			continue
		}
		childAt := ptr
		if f.kind == kindArray {
			childAt = "" // row fields are relative to their row
		}
		out.Children = append(out.Children, exported(c, childAt+Pointer(c.key)))
	}
	return out
}

// FieldAt is the field at ptr as the editor sees it, for any pointer the
// profile knows (any event's webhook, any header row, any client_name#TAG).
func FieldAt(ptr string) (Field, bool) {
	f := fieldAt(ptr)
	if f == nil {
		return Field{}, false
	}
	out := exported(f, ptr)
	out.Pointer = ptr
	return out, true
}

// IsSecret reports whether the value at ptr is a credential, masked
// wherever it is shown.
func IsSecret(ptr string) bool {
	f := fieldAt(ptr)
	return f != nil && f.secret
}

// MaskSecrets is a copy of d with every non-empty secret value (header
// values) replaced by SecretMask, for previews.
func MaskSecrets(d Document) Document {
	masked := d.Clone()
	if masked.Root != nil {
		maskIn(manifestFields, masked.Root)
	}
	return masked
}

func maskIn(f *field, v any) any {
	switch x := v.(type) {
	case string:
		if f.secret && x != "" {
			return SecretMask
		}
	case *Object:
		if f.kind == kindObject && x != nil {
			for i, m := range x.Members {
				if c := f.step(m.Key); c != nil {
					x.Members[i].Value = maskIn(c, m.Value)
				}
			}
		}
	case []any:
		if f.kind == kindArray {
			for i, e := range x {
				x[i] = maskIn(f.items, e)
			}
		}
	}
	return v
}

// Has reports whether d holds a value at ptr.
func (d Document) Has(ptr string) bool {
	_, ok := d.Get(ptr)
	return ok
}

// HumanDuration says a number of seconds in words: 86400 is "1 day",
// 5400 "1 hour 30 minutes". It is "" for text that is not a whole number.
func HumanDuration(text string) string {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 0 {
		return ""
	}
	units := []struct {
		seconds int
		name    string
	}{{86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}}
	var parts []string
	for _, u := range units {
		if q := n / u.seconds; q > 0 {
			parts = append(parts, strconv.Itoa(q)+" "+u.name+plural(q))
			n -= q * u.seconds
		}
	}
	if len(parts) == 0 {
		return "0 seconds"
	}
	return strings.Join(parts, " ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// AppName is the manifest's app name (client_name) without surrounding
// spaces, or "" while it has none.
func AppName(d Document) string {
	name, _ := d.Get(Pointer(appNameKey))
	s, _ := name.(string)
	return strings.TrimSpace(s)
}

// MaxSize is the largest manifest the product takes anywhere, in bytes: the
// CLI, the API, import, the JSON section and the store. A manifest is a few
// kilobytes; MaxSizeText says the limit in words for messages.
const (
	MaxSize     = 1 << 20
	MaxSizeText = "1 MiB"
)

// FieldPlace names the field at ptr for people, with the instance it sits
// in: "App name", "ContentEvent webhook › Endpoint",
// "ContentEvent webhook › header 2 › Value". A field the profile does not
// know reads as its pointer.
func FieldPlace(ptr string) string {
	tokens, err := SplitPointer(ptr)
	path := fieldPath(ptr)
	if err != nil || path == nil || len(tokens) == 0 {
		return ptr
	}
	var parts []string
	for i, f := range path[1 : len(path)-1] {
		if f.place == "" {
			continue
		}
		if f.kind == kindObject && path[i].kind == kindArray {
			n, _ := strconv.Atoi(tokens[i])
			parts = append(parts, f.place+" "+strconv.Itoa(n+1))
		} else if f.kind == kindObject {
			parts = append(parts, f.place)
		}
	}
	last := path[len(path)-1]
	label := last.label
	if last.prefix != "" {
		label += " (" + strings.TrimPrefix(tokens[len(tokens)-1], last.prefix) + ")"
	}
	return strings.Join(append(parts, label), " › ")
}
