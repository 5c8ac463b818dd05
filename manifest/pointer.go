package manifest

import (
	"errors"
	"fmt"
	"strings"
)

// Pointer builds an RFC 6901 JSON Pointer from unescaped reference tokens:
// Pointer("capabilities", "webhooks", "a/b") is "/capabilities/webhooks/a~1b".
// Pointer() is "", the whole document.
func Pointer(tokens ...string) string {
	n := 0
	for _, t := range tokens {
		n += 1 + len(t)
	}
	var b strings.Builder
	b.Grow(n)
	for _, t := range tokens {
		b.WriteByte('/')
		writeToken(&b, t)
	}
	return b.String()
}

// writeToken escapes '~' before '/' as RFC 6901 requires, so that "~1" in a
// key does not come back as "/".
func writeToken(b *strings.Builder, t string) {
	// Two IndexByte calls beat ContainsAny here, on Validate's hot path.
	if strings.IndexByte(t, '~') < 0 && strings.IndexByte(t, '/') < 0 {
		b.WriteString(t)
		return
	}
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteByte(t[i])
		}
	}
}

// SplitPointer is the inverse of Pointer: it returns the unescaped tokens of
// ptr. "" gives no tokens; a pointer must otherwise start with '/', and '~'
// may only be followed by '0' or '1'.
func SplitPointer(ptr string) ([]string, error) {
	if ptr == "" {
		return nil, nil
	}
	if ptr[0] != '/' {
		return nil, fmt.Errorf("JSON Pointer %q must start with /", ptr)
	}
	parts := strings.Split(ptr[1:], "/")
	for i, p := range parts {
		t, err := unescapeToken(p)
		if err != nil {
			return nil, fmt.Errorf("JSON Pointer %q: %w", ptr, err)
		}
		parts[i] = t
	}
	return parts, nil
}

var errBadEscape = errors.New("~ must be followed by 0 or 1")

func unescapeToken(p string) (string, error) {
	if !strings.Contains(p, "~") {
		return p, nil
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] != '~' {
			b.WriteByte(p[i])
			continue
		}
		if i+1 == len(p) || (p[i+1] != '0' && p[i+1] != '1') {
			return "", errBadEscape
		}
		if p[i+1] == '0' {
			b.WriteByte('~')
		} else {
			b.WriteByte('/')
		}
		i++
	}
	return b.String(), nil
}
