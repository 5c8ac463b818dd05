package manifest

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// stringCheck is a rule on a string that the field table cannot express.
// pattern says the same for the JSON Schema, in the syntax that ECMA-262
// (editors) and Go's RE2 (our tests) read alike; warnings have no pattern
// because they never make the schema fail.
type stringCheck struct {
	pattern    string
	notPattern string // the schema also refuses strings that match this
	validate   func(v *validator, f *field, s string)
}

// unicodeSpaces are the characters strings.TrimSpace removes (Unicode
// White_Space), written literally because ECMA-262 and RE2 spell escapes
// for them differently.
const unicodeSpaces = "\\t\\n\\v\\f\\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

// urlSpaces are the characters that cannot appear in an endpoint URL.
const urlSpaces = "\\t\\n\\v\\f\\r "

// urlPattern: the scheme, a host, and no spaces anywhere.
func urlPattern(scheme string) string {
	return "^" + scheme + "://[^" + urlSpaces + "/?#]+[^" + urlSpaces + "]*$"
}

// placeholderPattern finds what LivePerson's examples leave for the reader
// to fill in: {YOUR_APPLICATION_DOMAIN}, <YOURAPPNAME>. placeholderIn
// finds the same in code, as fast as a URL check must be.
const placeholderPattern = `\{[^}]*\}|<[^>]*>`

// placeholderIn returns the first placeholder in s, or "": what
// placeholderPattern matches first.
func placeholderIn(s string) string {
	for i := 0; i < len(s); i++ {
		end := byte('}')
		switch s[i] {
		case '{':
		case '<':
			end = '>'
		default:
			continue
		}
		if j := strings.IndexByte(s[i+1:], end); j >= 0 {
			return s[i : i+j+2]
		}
	}
	return ""
}

// urlRules says what a URL field accepts besides https.
type urlRules struct {
	httpWarns     bool // http:// is a warning, not an error
	loopbackHTTP  bool // http:// to localhost or a loopback address is fine
	pathAllowed   bool // a path that starts with / (the guide's logo)
	schemePattern string
}

// urlCheck checks an absolute URL field: placeholders, scheme, host, spaces.
func urlCheck(r urlRules) *stringCheck {
	pattern := urlPattern(r.schemePattern)
	if r.pathAllowed {
		pattern = "^(?:" + strings.TrimPrefix(strings.TrimSuffix(pattern, "$"), "^") + "$|/)"
	}
	return &stringCheck{
		pattern:    pattern,
		notPattern: placeholderPattern,
		validate: func(v *validator, f *field, s string) {
			if placeholderProblem(v, f, s) {
				return
			}
			switch {
			case r.pathAllowed && strings.HasPrefix(s, "/"):
			case strings.HasPrefix(s, "https://"):
				if !urlRestProblem(v, f, s[len("https://"):]) {
					guideHostWarning(v, f, s)
				}
			case strings.HasPrefix(s, "http://") && r.httpWarns:
				if !urlRestProblem(v, f, s[len("http://"):]) && !(r.loopbackHTTP && isLoopback(s[len("http://"):])) {
					v.warning(f.key+" uses http://; "+httpRisk(f), "Use an https:// address.")
				}
			case r.pathAllowed:
				v.error(f.key+" must be an https:// address or a path that starts with /", f.hint)
			default:
				v.error(f.key+" must start with https://", httpsHint(s))
			}
		},
	}
}

var (
	endpointCheck    = urlCheck(urlRules{schemePattern: "https"})
	entryURICheck    = urlCheck(urlRules{schemePattern: "https"})
	redirectURICheck = urlCheck(urlRules{schemePattern: "https?", httpWarns: true, loopbackHTTP: true})
	logoURICheck     = urlCheck(urlRules{schemePattern: "https?", httpWarns: true, pathAllowed: true})
)

func httpRisk(f *field) string {
	if f.key == "logo_uri" {
		return "the logo may not show on LiveEngage's https pages"
	}
	return "the code would travel unencrypted"
}

// placeholderProblem reports a placeholder left in from LivePerson's examples.
func placeholderProblem(v *validator, f *field, s string) bool {
	p := placeholderIn(s)
	if p == "" {
		return false
	}
	where := "value"
	if rest, ok := strings.CutPrefix(s[strings.Index(s, "://")+1:], "//"); ok && strings.Contains(hostOf(rest), p) {
		where = "host"
	}
	v.error(fmt.Sprintf("%s still holds the placeholder %s; put your own %s there", f.key, p, where),
		"Replace "+p+" with your own "+where+", without the "+p[:1]+p[len(p)-1:]+".")
	return true
}

// guideHostWarning: the guide's https://your/webhooks/endpoint is valid but
// reaches nobody.
func guideHostWarning(v *validator, f *field, s string) {
	if strings.EqualFold(hostOf(s[len("https://"):]), "your") {
		v.warningOf("Put your own server's host name there, such as https://hooks.example.com/liveengage.",
			f.key, ` still has the guide's placeholder host "your" (`, s, ")")
	}
}

// hostOf is the host of what follows a URL's scheme and //, without port or user.
func hostOf(rest string) string {
	host := rest[:authorityEnd(rest)]
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if strings.HasPrefix(host, "[") {
		if i := strings.IndexByte(host, ']'); i >= 0 {
			return host[:i+1]
		}
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return host
}

// authorityEnd is where the host and port of what follows a URL's // end:
// at the first /, ? or #. A loop, as every URL check runs it on each
// keystroke (strings.IndexAny is slower for so short a set).
func authorityEnd(rest string) int {
	for i := 0; i < len(rest); i++ {
		switch rest[i] {
		case '/', '?', '#':
			return i
		}
	}
	return len(rest)
}

// hasURLSpace reports whether s holds one of urlSpaces.
func hasURLSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			return true
		}
	}
	return false
}

// isLoopback reports whether the URL rest's host is this machine: localhost
// (RFC 6761) or a loopback address such as 127.0.0.1 or [::1]; a name that
// merely starts with 127. is not one.
func isLoopback(rest string) bool {
	host := strings.ToLower(hostOf(rest))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	addr, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	return err == nil && addr.IsLoopback()
}

func httpsHint(s string) string {
	switch {
	case strings.HasPrefix(s, "http://"):
		return "LiveEngage connects only over HTTPS: change http:// to https://."
	case len(s) >= 8 && strings.EqualFold(s[:8], "https://"):
		return "Write https:// in lowercase."
	}
	return "Enter the full address, such as https://example.com/webhooks."
}

// urlRestProblem checks what follows the scheme: a host, and no spaces.
func urlRestProblem(v *validator, f *field, rest string) bool {
	if authorityEnd(rest) == 0 {
		v.error(f.key+" has no host name after the scheme", "Add your server's host name, such as https://example.com/webhooks.")
		return true
	}
	if hasURLSpace(rest) {
		v.error(f.key+" contains a space or a line break", "Remove it, or write a space in the address as %20.")
		return true
	}
	return false
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

// notBlank: a name must have something besides spaces.
var notBlank = &stringCheck{
	pattern: "[^" + unicodeSpaces + "]",
	validate: func(v *validator, f *field, s string) {
		if strings.TrimSpace(s) == "" {
			v.error(f.key+" is empty", f.hint)
		}
	},
}

// arrayCheck is a rule on a whole list that the field table cannot express;
// schema is the same rule in JSON Schema.
type arrayCheck struct {
	schema   func() *Object
	validate func(v *validator, f *field, list []any)
}

// connectorGrant: a connector's grant types hold client_credentials (a web
// app is one with authorization_code and without it); refresh_token only
// renews authorization-code tokens.
var connectorGrant = &arrayCheck{
	schema: func() *Object {
		return object("anyOf", []any{
			object("contains", object("const", RequiredGrantType)),
			object("contains", object("const", authorizationCode)),
		})
	},
	validate: func(v *validator, f *field, list []any) {
		hasCode := slices.Contains(list, any(authorizationCode))
		if !hasCode && !slices.Contains(list, any(RequiredGrantType)) {
			v.error(fmt.Sprintf("%s must include %q for a connector, or %q for a web app", f.key, RequiredGrantType, authorizationCode),
				fmt.Sprintf("Add %q if LivePerson sends your server events; add %q if agents sign in to your app.", RequiredGrantType, authorizationCode))
		}
		// Warned once, at the first refresh_token: a repeat is an error of its own.
		if i := slices.Index(list, any("refresh_token")); i >= 0 && !hasCode {
			v.push(strconv.Itoa(i))
			v.warning("refresh_token is only useful with authorization_code: it renews the tokens that flow issues",
				"Remove refresh_token, or add authorization_code if agents sign in to your app.")
			v.pop()
		}
	},
}

// rule is a rule across the fields of one object; schema is the part of it
// JSON Schema can say, nil for a rule that only warns.
type rule struct {
	schema   func() *Object
	validate func(v *validator, f *field, o *Object)
}

// requireBecause reports the field key of o missing, or left blank, for the
// reason msg says.
func requireBecause(v *validator, f *field, o *Object, key, msg, hint string) {
	if x, ok := o.Get(key); ok && !blank(f.child(key), x) {
		return
	}
	v.push(key)
	v.error(msg, hint)
	v.pop()
}

// authorizationCodeNeedsRedirect: the authorization-code flow sends the code
// to one of the redirect URIs.
var authorizationCodeNeedsRedirect = &rule{
	schema: func() *Object {
		return requireWhen("grant_types", typed("array", "contains", object("const", authorizationCode)),
			"redirect_uris", typed("array", "minItems", number(1)))
	},
	validate: func(v *validator, f *field, o *Object) {
		grants, _ := o.Get("grant_types")
		list, _ := grants.([]any)
		if !slices.Contains(list, any(authorizationCode)) {
			return
		}
		requireBecause(v, f, o, "redirect_uris",
			"authorization_code needs at least one redirect URI, where LivePerson sends the code after an agent signs in",
			"Add your app's callback address, such as https://app.example.com/callback.")
	},
}

// requireWhen is the schema of "when key's value matches cond, other must
// be there and match then".
func requireWhen(key string, cond *Object, other string, then *Object) *Object {
	ifSchema := object("required", []any{key})
	ifSchema.Set("properties", object(key, cond))
	thenSchema := object("required", []any{other})
	thenSchema.Set("properties", object(other, then))
	s := object("if", ifSchema)
	s.Set("then", thenSchema)
	return s
}

// typed is a schema of one JSON type with one more keyword: strict
// validators (Ajv's strictTypes) want the type beside type-specific keywords.
func typed(jsonType, key string, v any) *Object {
	s := object("type", jsonType)
	s.Set(key, v)
	return s
}

// quickLaunchNeedsEntry: the quick-launch menu opens the entry URI.
var quickLaunchNeedsEntry = &rule{
	schema: func() *Object {
		return requireWhen("quick_launch_enabled", typed("boolean", "const", true),
			"entry_uri", typed("string", "minLength", number(1)))
	},
	validate: func(v *validator, f *field, o *Object) {
		if on, _ := o.Get("quick_launch_enabled"); on != true {
			return
		}
		requireBecause(v, f, o, "entry_uri", "quick launch is on, so entry_uri is required: it is the address the menu opens",
			"Enter your app's start address, or switch quick launch off.")
	},
}

// retentionOverridesRetries: with a retry policy, a webhook's max_retries of
// 1 to 5 is ignored; only 0 still means something.
var retentionOverridesRetries = &rule{
	validate: func(v *validator, f *field, hooks *Object) {
		retry, _ := hooks.Get("retry")
		policy, _ := retry.(*Object)
		if _, set := policy.Get("retention_time"); !set {
			return
		}
		for _, m := range hooks.Members {
			hook, _ := m.Value.(*Object)
			n, ok := hook.Get("max_retries")
			text, isNumber := numberText(n)
			webhook := f.child(m.Key)
			if !ok || !isNumber || webhook == nil || webhook.def != "webhook" {
				continue
			}
			if _, in := wholeNumberIn(text, 1, maxRetries); in {
				v.push(m.Key)
				v.push("max_retries")
				v.enter(webhook.place, 0)
				v.warning("max_retries is ignored while the retry policy's retention_time is set",
					"Remove max_retries, or set it to 0 to keep this webhook's failures from triggering the retry policy.")
				v.leave()
				v.pop()
				v.pop()
			}
		}
	},
}

// placeholderHeader: the guide's example header {"header_name": "NAME",
// "header_value": "VALUE"} is only an illustration.
var placeholderHeader = &rule{
	validate: func(v *validator, _ *field, o *Object) {
		name, _ := o.Get("header_name")
		value, _ := o.Get("header_value")
		if name == "NAME" && value == "VALUE" && len(o.Members) == 2 {
			v.warning("this header is the guide's example, NAME: VALUE",
				"Put the header your server expects, such as Authorization, or remove the row.")
		}
	},
}
