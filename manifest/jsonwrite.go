package manifest

import (
	"encoding/json"
	"unicode/utf8"
)

// jsonWriter writes document values as JSON the way encoding/json does with
// SetEscapeHTML(false), and indents the way json.MarshalIndent(v, "", "  ")
// does. It is ours rather than encoding/json's because it must keep object
// members in order, and must not fail on whatever a Document holds.
type jsonWriter struct{ buf []byte }

// value writes v; depth < 0 writes compactly, depth >= 0 indents nested
// lines by depth+1 levels.
func (w *jsonWriter) value(v any, depth int) {
	switch v := v.(type) {
	case *Object:
		w.object(v, depth)
	case []any:
		w.array(v, depth)
	case string:
		w.buf = appendString(w.buf, v)
	case json.Number:
		if isValidNumber(string(v)) {
			w.buf = append(w.buf, v...)
		} else {
			// Only code can put such a "number" here; keep its text visible.
			w.buf = appendString(w.buf, string(v))
		}
	case bool:
		if v {
			w.buf = append(w.buf, "true"...)
		} else {
			w.buf = append(w.buf, "false"...)
		}
	case nil:
		w.buf = append(w.buf, "null"...)
	default:
		w.foreign(v, depth)
	}
}

// foreign writes a Go value that is not a document value (an int, a map)
// through encoding/json, so that Format never fails on what code put in.
func (w *jsonWriter) foreign(v any, depth int) {
	if n, ok := numberText(v); ok {
		w.buf = append(w.buf, n...)
		return
	}
	data, err := json.Marshal(v)
	if err != nil {
		w.buf = append(w.buf, "null"...)
		return
	}
	doc, problems := decodeValue(data)
	if len(problems) > 0 {
		w.buf = append(w.buf, "null"...)
		return
	}
	w.value(doc, depth)
}

func (w *jsonWriter) object(o *Object, depth int) {
	if o == nil {
		w.buf = append(w.buf, "null"...)
		return
	}
	if len(o.Members) == 0 {
		w.buf = append(w.buf, "{}"...)
		return
	}
	w.buf = append(w.buf, '{')
	for i, m := range o.Members {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.newline(depth, 1)
		w.buf = appendString(w.buf, m.Key)
		w.buf = append(w.buf, ':')
		if depth >= 0 {
			w.buf = append(w.buf, ' ')
		}
		w.value(m.Value, w.nested(depth))
	}
	w.newline(depth, 0)
	w.buf = append(w.buf, '}')
}

func (w *jsonWriter) array(a []any, depth int) {
	if len(a) == 0 {
		w.buf = append(w.buf, "[]"...)
		return
	}
	w.buf = append(w.buf, '[')
	for i, e := range a {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.newline(depth, 1)
		w.value(e, w.nested(depth))
	}
	w.newline(depth, 0)
	w.buf = append(w.buf, ']')
}

func (w *jsonWriter) nested(depth int) int {
	if depth < 0 {
		return depth
	}
	return depth + 1
}

// newline starts a line indented by depth+extra levels; nothing when
// writing compactly (depth < 0).
func (w *jsonWriter) newline(depth, extra int) {
	if depth < 0 {
		return
	}
	w.buf = append(w.buf, '\n')
	for range depth + extra {
		w.buf = append(w.buf, ' ', ' ')
	}
}

const hexDigits = "0123456789abcdef"

// appendString quotes s exactly as encoding/json does without HTML
// escaping: control characters, '"' and '\' escaped, invalid UTF-8 as
// \ufffd, and U+2028 and U+2029 escaped because JavaScript chokes on them.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = appendEscape(dst, b)
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func appendEscape(dst []byte, b byte) []byte {
	switch b {
	case '\\', '"':
		return append(dst, '\\', b)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
}

// isValidNumber reports whether s is a JSON number (RFC 8259 grammar), as
// encoding/json checks before writing a json.Number.
func isValidNumber(s string) bool {
	if s != "" && s[0] == '-' {
		s = s[1:]
	}
	switch {
	case s == "":
		return false
	case s[0] == '0':
		s = s[1:]
	case '1' <= s[0] && s[0] <= '9':
		s = skipDigits(s[1:])
	default:
		return false
	}
	if len(s) >= 2 && s[0] == '.' && isDigit(s[1]) {
		s = skipDigits(s[2:])
	}
	if len(s) >= 2 && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if s[0] == '+' || s[0] == '-' {
			s = s[1:]
		}
		if s == "" || !isDigit(s[0]) {
			return false
		}
		s = skipDigits(s)
	}
	return s == ""
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

func skipDigits(s string) string {
	for len(s) > 0 && isDigit(s[0]) {
		s = s[1:]
	}
	return s
}
