package manifest

import (
	"fmt"
	"strings"
)

// stringCheck is a rule on a string that the field table cannot express.
// pattern says the same for the JSON Schema, in the syntax that ECMA-262
// (editors) and Go's RE2 (our tests) read alike; warnings have no pattern
// because they never make the schema fail.
type stringCheck struct {
	pattern  string
	validate func(v *validator, f *field, s string)
}

// unicodeSpaces are the characters strings.TrimSpace removes (Unicode
// White_Space), written literally because ECMA-262 and RE2 spell escapes
// for them differently.
const unicodeSpaces = "\\t\\n\\v\\f\\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

// urlSpaces are the characters that cannot appear in an endpoint URL.
const urlSpaces = "\\t\\n\\v\\f\\r "

// httpsURLPattern: https, a host, and no spaces anywhere.
const httpsURLPattern = "^https://[^" + urlSpaces + "/?#]+[^" + urlSpaces + "]*$"

// notBlank: client_name must have something besides spaces.
var notBlank = &stringCheck{
	pattern: "[^" + unicodeSpaces + "]",
	validate: func(v *validator, f *field, s string) {
		if strings.TrimSpace(s) == "" {
			v.error(f.key+" is empty", f.hint)
		}
	},
}

// httpsURLCheck: a webhook endpoint is an absolute https URL with a host.
var httpsURLCheck = &stringCheck{
	pattern: httpsURLPattern,
	validate: func(v *validator, f *field, s string) {
		if !strings.HasPrefix(s, "https://") {
			v.error(f.key+" must start with https://", httpsHint(s))
			return
		}
		urlRestProblem(v, f, s[len("https://"):])
	},
}

func httpsHint(s string) string {
	switch {
	case strings.HasPrefix(s, "http://"):
		return "LiveEngage sends notifications only over HTTPS: change http:// to https://."
	case len(s) >= 8 && strings.EqualFold(s[:8], "https://"):
		return "Write https:// in lowercase."
	}
	return "Enter the full address, such as https://example.com/webhooks."
}

// urlRestProblem checks what follows the scheme: a host, and no spaces.
func urlRestProblem(v *validator, f *field, rest string) bool {
	if i := strings.IndexAny(rest, "/?#"); i == 0 || rest == "" {
		v.error(f.key+" has no host name after the scheme", "Add your server's host name, such as https://example.com/webhooks.")
		return true
	}
	if strings.ContainsAny(rest, " \t\n\v\f\r") {
		v.error(f.key+" contains a space or a line break", "Remove it, or write a space in the address as %20.")
		return true
	}
	return false
}

// logoURICheck: an https URL, or a path on LivePerson's side starting with
// /. http is only a warning (the schema allows it); other schemes are errors.
var logoURICheck = &stringCheck{
	pattern: "^(?:https?://[^" + urlSpaces + "/?#]+[^" + urlSpaces + "]*$|/)",
	validate: func(v *validator, f *field, s string) {
		switch {
		case strings.HasPrefix(s, "/"):
		case strings.HasPrefix(s, "https://"):
			urlRestProblem(v, f, s[len("https://"):])
		case strings.HasPrefix(s, "http://"):
			if !urlRestProblem(v, f, s[len("http://"):]) {
				v.warning(f.key+" uses http://; the logo may not show on LiveEngage's https pages", "Use an https:// address.")
			}
		default:
			v.error(f.key+" must be an https:// address or a path that starts with /", f.hint)
		}
	},
}

// scopeCheck: the space-separated scope must hold the token msg.consumer; a
// repeated token is a warning.
var scopeCheck = &stringCheck{
	pattern: `(^| )msg\.consumer( |$)`,
	validate: func(v *validator, f *field, s string) {
		var seen, repeated seenSet
		found := false
		for t := range strings.SplitSeq(s, " ") {
			found = found || t == RequiredScope
			if t != "" && seen.add(t) && !repeated.add(t) {
				v.warning(fmt.Sprintf("%q is listed more than once in %s", t, f.key), "Remove the repeats.")
			}
		}
		if !found {
			v.error(f.key+" must include msg.consumer", `Add msg.consumer; separate several scopes with spaces, as in "msg.consumer other.scope".`)
		}
	},
}

// seenSet remembers strings: it scans a short list and switches to a map
// when the list grows, so that the common case does not allocate and huge
// inputs stay linear.
type seenSet struct {
	small [8]string
	n     int
	m     map[string]struct{}
}

// add records s and reports whether it was already there.
func (ss *seenSet) add(s string) bool {
	if ss.m == nil {
		for _, t := range ss.small[:ss.n] {
			if t == s {
				return true
			}
		}
		if ss.n < len(ss.small) {
			ss.small[ss.n] = s
			ss.n++
			return false
		}
		ss.m = make(map[string]struct{}, 2*len(ss.small))
		for _, t := range ss.small {
			ss.m[t] = struct{}{}
		}
	}
	if _, ok := ss.m[s]; ok {
		return true
	}
	ss.m[s] = struct{}{}
	return false
}

// headerNameCheck: an RFC 9110 token. The same name twice in one webhook
// (HTTP names ignore case) is a warning: the receiver may see either value.
var headerNameCheck = &stringCheck{
	pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
	validate: func(v *validator, f *field, s string) {
		if s == "" {
			v.error(f.key+" is empty", f.hint)
			return
		}
		if i := strings.IndexFunc(s, func(r rune) bool { return !isTokenChar(r) }); i >= 0 {
			v.error(fmt.Sprintf("%s %q contains %q, which a header name cannot have", f.key, s, []rune(s[i:])[0]),
				"Use letters, digits and - only (no spaces or colons), such as X-Api-Key.")
		}
		if v.repeatedHeader(s) {
			v.warning(fmt.Sprintf("the header %q is set twice in this webhook", s), "Remove one of them, or merge their values.")
		}
	},
}

// isTokenChar reports whether r is an RFC 9110 tchar.
func isTokenChar(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return true
	}
	return r < 0x80 && strings.ContainsRune("!#$%&'*+-.^_`|~", r)
}

// headerValueCheck: a value with a line break could inject another header.
var headerValueCheck = &stringCheck{
	pattern: `^[^\r\n\x00]*$`,
	validate: func(v *validator, f *field, s string) {
		if strings.ContainsAny(s, "\r\n\x00") {
			v.error(f.key+" must be on one line: it contains a line break or a NUL character", "Remove the line breaks from the value.")
		}
	},
}
