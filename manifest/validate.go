package manifest

import (
	"encoding/json"
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
	v.places = v.placeBuf[:0]
	v.ends = v.endsBuf[:0]
	v.object(manifestFields, d.Root)
	return v.finish()
}

// validator walks a document along the field table.
type validator struct {
	path     []string // reference tokens of the value being checked
	pathBuf  [8]string
	places   []place // the instances the value is inside, for messages: "ContentEvent webhook", "header 2"
	placeBuf [4]place
	headers  seenSet // lower-cased header names seen in the current list
	problems []Problem

	// The problems' paths and messages are written one after the other
	// into text, and cut from its string when the walk is done: a few
	// allocations for all the problems of a manifest, not two for each.
	text    strings.Builder
	ends    []textEnds // one for each problem
	endsBuf [8]textEnds
}

// textEnds are where a problem's path and message end in the validator's
// text; the path starts where the problem before ended.
type textEnds struct{ path, message int }

func (v *validator) push(tok string) { v.path = append(v.path, tok) }
func (v *validator) pop()            { v.path = v.path[:len(v.path)-1] }

// place is one instance a value is inside: a webhook, or the nth entry of
// a list ("header" and 2 read "header 2"). It is put in words only when a
// problem is reported, so that checking clean values costs nothing.
type place struct {
	name string
	n    int // 1-based, in a list; 0 when it is not a list entry
}

func (v *validator) enter(name string, n int) { v.places = append(v.places, place{name, n}) }
func (v *validator) leave()                   { v.places = v.places[:len(v.places)-1] }

func (v *validator) error(msg, hint string)   { v.report(SeverityError, hint, msg) }
func (v *validator) warning(msg, hint string) { v.report(SeverityWarning, hint, msg) }

// warningOf is warning with a message in parts, which it joins without
// making a string of its own: for the warnings of every keystroke.
func (v *validator) warningOf(hint string, message ...string) {
	v.report(SeverityWarning, hint, message...)
}

// report records a problem at the current path, its message the parts
// joined; inside a webhook, a header or a list entry the message names that
// place first, so that two problems never read the same.
func (v *validator) report(s Severity, hint string, message ...string) {
	if v.problems == nil {
		// A manifest with problems usually has a few, of a line or two.
		v.problems = make([]Problem, 0, 8)
		v.text.Grow(2048)
	}
	for _, t := range v.path {
		v.text.WriteByte('/')
		writeToken(&v.text, t)
	}
	pathEnd := v.text.Len()
	v.writePlaces()
	for _, part := range message {
		v.text.WriteString(part)
	}
	v.problems = append(v.problems, Problem{Severity: s, Hint: hint})
	v.ends = append(v.ends, textEnds{path: pathEnd, message: v.text.Len()})
}

// writePlaces writes the places the current value is inside, before a
// message: "ContentEvent webhook, header 2: ".
func (v *validator) writePlaces() {
	for i, p := range v.places {
		if i > 0 {
			v.text.WriteString(", ")
		}
		v.text.WriteString(p.name)
		if p.n > 0 {
			v.text.WriteByte(' ')
			v.text.WriteString(strconv.Itoa(p.n))
		}
	}
	if len(v.places) > 0 {
		v.text.WriteString(": ")
	}
}

// finish gives each problem its path and message, cut from the text.
func (v *validator) finish() []Problem {
	text, start := v.text.String(), 0
	for i, e := range v.ends {
		v.problems[i].Path, v.problems[i].Message = text[start:e.path], text[e.path:e.message]
		start = e.message
	}
	return v.problems
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
		if f.unbounded {
			return fmt.Sprintf("a whole number of %d or more", f.minimum)
		}
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
	if !utf8.ValidString(s) {
		v.error(f.key+" holds bytes that are not UTF-8 text", "Type the value again; it was pasted from something that is not text.")
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
	if !slices.ContainsFunc(f.options, func(o Option) bool { return o.Value == s }) {
		v.error(fmt.Sprintf("%q is not a valid %s", s, f.key), suggestHint(s, optionList(f.options), f.hint))
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
// Each way of being wrong has its own message: text, a fraction, out of range.
func (v *validator) integer(f *field, x any) {
	text, ok := numberText(x)
	if !ok {
		if s, isString := x.(string); isString && isNumberText(s) {
			v.error(fmt.Sprintf("%s is the text %q, not a number", f.key, s), "Write the number without quotes.")
			return
		}
		v.error(f.key+" must be a whole number, not "+valueKind(x), f.hint)
		return
	}
	whole, in := wholeNumberIn(text, f.minimum, f.maximum)
	if in && !f.unbounded {
		return
	}
	below := strings.HasPrefix(text, "-") || wholeAtMost(text, f.minimum-1)
	switch {
	case f.unbounded && whole && !below: // however large: 1e30 is a whole number too
	case !whole:
		v.error(fmt.Sprintf("%s must be a whole number: %s is not", f.key, text), f.hint)
	case below:
		v.error(fmt.Sprintf("%s is %s, less than %d", f.key, text, f.minimum), f.hint)
	default:
		v.error(fmt.Sprintf("%s is %s, more than %d", f.key, text, f.maximum), f.hint)
	}
}

// wholeAtMost reports whether the non-negative whole number text is at most n.
func wholeAtMost(text string, n int) bool {
	_, in := wholeNumberIn(text, 0, n)
	return in
}

// isNumberText reports whether s, trimmed, is a JSON number: "3" typed with quotes.
func isNumberText(s string) bool {
	var n json.Number
	t := strings.TrimSpace(s)
	return t != "" && json.Unmarshal([]byte(t), &n) == nil && !strings.ContainsAny(t, `"`)
}

// valueKind names the JSON type of x, for messages.
func valueKind(x any) string {
	switch x.(type) {
	case string:
		return "text"
	case bool:
		return "true or false"
	case []any:
		return "a list"
	case *Object:
		return "an object"
	case nil:
		return "null"
	}
	return "a number"
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
	if f.contains != nil {
		f.contains.validate(v, f, a)
	}
	repeats := repeatFinder{list: a}
	if f.items.kind == kindObject {
		v.headers = seenSet{} // header names repeat only within one webhook's list
	}
	for i, e := range a {
		v.push(strconv.Itoa(i))
		if f.items.place != "" {
			v.enter(f.items.place, i+1)
		}
		if f.unique && repeats.at(i) {
			v.error(fmt.Sprintf("%s is listed twice", jsonText(e)), "Remove the repeat.")
		} else {
			v.value(f.items, e)
		}
		if f.items.place != "" {
			v.leave()
		}
		v.pop()
	}
}

// repeatFinder tells which values of a list an earlier one already has:
// the same string, or the same number (1 and 1.0 are one value, as in JSON
// Schema). Other values are not compared: every list that must not repeat
// holds strings or numbers, so they are errors of their own. A short list
// is compared pairwise, which costs nothing to set up; a long one goes
// through sets, so that huge inputs stay linear.
type repeatFinder struct {
	list []any
	seen *struct{ strings, numbers seenSet } // for a long list, made on first use
}

const pairwiseLimit = 32

// at reports whether list[i] repeats an earlier value; it is called for
// each i in order.
func (r *repeatFinder) at(i int) bool {
	e := r.list[i]
	if len(r.list) <= pairwiseLimit {
		for _, earlier := range r.list[:i] {
			if sameValue(earlier, e) {
				return true
			}
		}
		return false
	}
	if r.seen == nil {
		r.seen = new(struct{ strings, numbers seenSet })
	}
	if s, ok := e.(string); ok {
		return r.seen.strings.add(s)
	}
	if n, ok := numberValue(e); ok {
		return r.seen.numbers.add(strconv.FormatFloat(n, 'g', -1, 64))
	}
	return false
}

// sameValue reports whether a and b are the same string or the same number.
func sameValue(a, b any) bool {
	if s, ok := a.(string); ok {
		t, ok := b.(string)
		return ok && s == t
	}
	x, ok := numberValue(a)
	y, ok2 := numberValue(b)
	return ok && ok2 && x == y
}

// numberValue is a number's value, when it is a number a float64 holds.
func numberValue(x any) (float64, bool) {
	text, ok := numberText(x)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseFloat(text, 64)
	return n, err == nil
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
		if c.prefix != "" {
			v.keyFamily(c, o)
			continue
		}
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
		if c.kind == kindObject && c.place != "" {
			v.enter(c.place, 0)
			v.value(c, x)
			v.leave()
		} else {
			v.value(c, x)
		}
		v.pop()
	}
	for _, r := range f.when {
		r.validate(v, f, o)
	}
	v.unknownKeys(f, o)
}

// keyFamily checks every key of the family f (client_name#TAG): its tag,
// then its value.
func (v *validator) keyFamily(f *field, o *Object) {
	for _, m := range o.Members {
		tag, ok := strings.CutPrefix(m.Key, f.prefix)
		if !ok {
			continue
		}
		v.push(m.Key)
		if !languageTagRE.MatchString(tag) {
			v.error(fmt.Sprintf("%q is not a language tag", tag),
				"After the #, write a language tag such as de, pt-BR or ja-Jpan-JP.")
		}
		named := *f // messages name the key itself: client_name#de, not client_name#TAG
		named.key = m.Key
		v.value(&named, m.Value)
		v.pop()
	}
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
		if c.renameTo == "" && c.prefix == "" {
			keys = append(keys, c.key)
		}
	}
	return keys
}

// blank reports whether an optional value was left empty, "" or [], which
// counts as absent unless the field judges empty values. An object is never
// blank: {} is judged like any object (an empty webhook lacks its endpoint).
func blank(f *field, x any) bool {
	if f.keepBlank {
		return false
	}
	switch f.kind {
	case kindString:
		s, ok := x.(string)
		return ok && s == ""
	case kindArray:
		a, ok := x.([]any)
		return ok && len(a) == 0
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
