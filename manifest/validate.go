package manifest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Validate applies every rule of RULES.md to d and returns the problems in
// the order of the canonical form: known keys in the guide's order, then
// unknown keys. A document is valid when no problem is an error. Validate
// runs on every keystroke, so it allocates little beyond its problems.
func Validate(d Document) []Problem {
	if d.Root == nil {
		return []Problem{{Severity: SeverityError, Message: "A manifest must be a JSON object ({...}).",
			Hint: manifestFields.hint}}
	}
	v := validator{}
	v.path = v.pathBuf[:0]
	v.object(manifestFields, d.Root)
	return v.problems
}

// validator walks a document along the field table.
type validator struct {
	path     []string // reference tokens of the value being checked
	pathBuf  [8]string
	headers  seenSet // lower-cased header names seen in the current list
	problems []Problem
}

func (v *validator) push(tok string) { v.path = append(v.path, tok) }
func (v *validator) pop()            { v.path = v.path[:len(v.path)-1] }

func (v *validator) error(msg, hint string)   { v.report(SeverityError, msg, hint) }
func (v *validator) warning(msg, hint string) { v.report(SeverityWarning, msg, hint) }

func (v *validator) report(s Severity, msg, hint string) {
	v.problems = append(v.problems, Problem{Path: Pointer(v.path...), Severity: s, Message: msg, Hint: hint})
}

func (v *validator) value(f *field, x any) {
	switch f.kind {
	case kindString:
		v.string(f, x)
	case kindInteger:
		v.integer(f, x)
	case kindBool:
		v.boolean(f, x)
	case kindArray:
		v.array(f, x)
	case kindObject:
		if o, ok := x.(*Object); ok && o != nil {
			v.object(f, o)
		} else {
			v.wrongType(f)
		}
	}
}

func (v *validator) wrongType(f *field) {
	v.error(f.key+" must be "+f.typePhrase(), f.hint)
}

// typePhrase says what a value of f must be, for messages.
func (f *field) typePhrase() string {
	switch f.kind {
	case kindString:
		return "text in double quotes"
	case kindInteger:
		return fmt.Sprintf("a whole number from %d to %d", f.minimum, f.maximum)
	case kindBool:
		if f.mustBeFalse {
			return "false"
		}
		return "true or false"
	case kindArray:
		return "a list in square brackets [...]"
	}
	return "an object in curly braces {...}"
}

func (v *validator) string(f *field, x any) {
	s, ok := x.(string)
	if !ok {
		v.wrongType(f)
		return
	}
	if f.maxLen > 0 {
		if n := utf8.RuneCountInString(s); n > f.maxLen {
			v.error(fmt.Sprintf("%s is too long: %d characters, at most %d", f.key, n, f.maxLen),
				fmt.Sprintf("Shorten it to %d characters or fewer.", f.maxLen))
		}
	}
	if f.options != nil {
		v.option(f, s)
	}
	if f.check != nil {
		f.check.validate(v, f, s)
	}
}

// option checks a value against its field's list.
func (v *validator) option(f *field, s string) {
	i := slices.IndexFunc(f.options, func(o Option) bool { return o.Value == s })
	switch {
	case i < 0:
		v.error(fmt.Sprintf("%q is not a valid %s", s, f.key), suggestHint(s, optionList(f.options), f.hint))
	case slices.Contains(f.unusedByConnector, s):
		v.warning(fmt.Sprintf("%q is not used by Connector API apps", s), "Remove it; Connector API apps use "+RequiredGrantType+" only.")
	}
}

func optionList(options []Option) []string {
	values := make([]string, len(options))
	for i, o := range options {
		values[i] = o.Value
	}
	return values
}

// integer accepts any JSON number whose value is whole (3 and 3.0, as
// JSON Schema's "integer"), within the field's range.
func (v *validator) integer(f *field, x any) {
	text, ok := numberText(x)
	if !ok {
		v.wrongType(f)
		return
	}
	if whole, in := wholeNumberIn(text, f.minimum, f.maximum); !whole || !in {
		v.wrongType(f)
	}
}

func (v *validator) boolean(f *field, x any) {
	b, ok := x.(bool)
	if !ok || (b && f.mustBeFalse) {
		v.wrongType(f)
	}
}

func (v *validator) array(f *field, x any) {
	a, ok := x.([]any)
	if !ok {
		v.wrongType(f)
		return
	}
	if len(a) < f.minItems {
		v.error(f.key+" needs at least "+countValues(f.minItems), f.hint)
	}
	if f.contains != "" && !slices.Contains(a, any(f.contains)) {
		v.error(fmt.Sprintf("%s must include %q", f.key, f.contains), fmt.Sprintf("Add %q to the list.", f.contains))
	}
	var seen seenSet
	v.headers = seenSet{} // header names repeat only within one webhook's list
	for i, e := range a {
		v.push(strconv.Itoa(i))
		if s, ok := e.(string); ok && f.unique && seen.add(s) {
			v.error(fmt.Sprintf("%q is listed twice", s), "Remove the repeat.")
		} else {
			v.value(f.items, e)
		}
		v.pop()
	}
}

func countValues(n int) string {
	if n == 1 {
		return "one value"
	}
	return strconv.Itoa(n) + " values"
}

// repeatedHeader records a header name and reports whether the current list
// already had it; HTTP header names ignore case.
func (v *validator) repeatedHeader(name string) bool {
	return v.headers.add(strings.ToLower(name))
}

func (v *validator) object(f *field, o *Object) {
	for _, c := range f.fields {
		x, ok := o.Get(c.key)
		if !ok && c.required {
			v.push(c.key)
			v.error(c.key+" is required", c.hint)
			v.pop()
		}
		if !ok || (!c.required && blank(c, x)) {
			continue // an optional value left empty counts as absent
		}
		v.push(c.key)
		if c.renameTo != "" {
			v.legacyKey(f, c, o)
		}
		v.value(c, x)
		v.pop()
	}
	v.unknownKeys(f, o)
}

// legacyKey reports the old name of an event type: a warning, or an error
// when the new name is there too.
func (v *validator) legacyKey(parent, f *field, o *Object) {
	if x, ok := o.Get(f.renameTo); ok && !blank(parent.child(f.renameTo), x) {
		v.error("this event type is listed twice: here under its old name, and as "+f.renameTo,
			"Delete this entry and keep "+f.renameTo+".")
		return
	}
	v.warning(f.key+" is the old name of "+f.renameTo,
		"Rename it to "+f.renameTo+"; formatting the manifest does it for you.")
}

func (v *validator) unknownKeys(f *field, o *Object) {
	for _, m := range o.Members {
		if f.child(m.Key) != nil {
			continue
		}
		v.push(m.Key)
		if f.closed != "" {
			v.error(fmt.Sprintf("unknown %s %q", f.closed, m.Key), suggestHint(m.Key, f.keys(), "Use one of: "+strings.Join(f.keys(), ", ")+"."))
		} else {
			v.warning(fmt.Sprintf("unknown field %q", m.Key), suggestHint(m.Key, f.keys(), "It is kept as it is, but not checked; remove it if it is a typo."))
		}
		v.pop()
	}
}

// keys are the names f's object should use: legacy names are not offered.
func (f *field) keys() []string {
	keys := make([]string, 0, len(f.fields))
	for _, c := range f.fields {
		if c.renameTo == "" {
			keys = append(keys, c.key)
		}
	}
	return keys
}

// blank reports whether an optional value was left empty: "", [], or an
// object holding only such values. Validate treats it as absent and Format
// leaves it out, so formatting never changes whether a manifest is valid.
func blank(f *field, x any) bool {
	switch f.kind {
	case kindString:
		s, ok := x.(string)
		return ok && s == ""
	case kindArray:
		a, ok := x.([]any)
		return ok && len(a) == 0
	case kindObject:
		o, ok := x.(*Object)
		if !ok || o == nil {
			return false
		}
		for _, m := range o.Members {
			c := f.child(m.Key)
			if c == nil || c.required || !blank(c, m.Value) {
				return false
			}
		}
		return true
	}
	return false
}

// wholeNumberIn reports whether the JSON number text is a whole number and
// whether it lies in [lo, hi]. It reads the decimal text itself, so that
// 3.0 and 30e-1 are whole and 1e999999999 costs nothing.
func wholeNumberIn(text string, lo, hi int) (whole, in bool) {
	neg := strings.HasPrefix(text, "-")
	text = strings.TrimPrefix(text, "-")
	intPart, rest := splitDigits(text)
	frac := ""
	if strings.HasPrefix(rest, ".") {
		frac, rest = splitDigits(rest[1:])
	}
	exp, ok := exponent(rest)
	if !ok || intPart == "" {
		return false, false
	}
	// The value is 0.digits × 10^point.
	digits := strings.TrimLeft(intPart+frac, "0")
	point := len(intPart) + exp - (len(intPart) + len(frac) - len(digits))
	digits = strings.TrimRight(digits, "0")
	if digits == "" {
		return true, lo <= 0 && 0 <= hi
	}
	if point < len(digits) {
		return false, false
	}
	if point > 18 {
		return true, false // beyond int64, and far beyond any range here
	}
	n, _ := strconv.ParseInt(digits+strings.Repeat("0", point-len(digits)), 10, 64)
	if neg {
		n = -n
	}
	return true, int64(lo) <= n && n <= int64(hi)
}

func splitDigits(s string) (digits, rest string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

// exponent parses an optional "e±digits", clamped far beyond any input size.
func exponent(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	if s[0] != 'e' && s[0] != 'E' {
		return 0, false
	}
	s = s[1:]
	sign := 1
	if s != "" && (s[0] == '+' || s[0] == '-') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	digits, rest := splitDigits(s)
	if digits == "" || rest != "" {
		return 0, false
	}
	e := 0
	for i := 0; i < len(digits) && e < 1e8; i++ {
		e = e*10 + int(digits[i]-'0')
	}
	return sign * min(e, 1e8), true
}
