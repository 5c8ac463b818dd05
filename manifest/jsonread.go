package manifest

import (
	"encoding/json"
	"unicode/utf16"
	"unicode/utf8"
)

// The parser's readers of strings, numbers and literals. Each starts at
// p.pos, on the token's first byte. A syntax error points at the byte that
// encoding/json's scanner points at, which the product's messages have
// always named by line and column.

// string reads the string whose opening quote is at p.pos. Without escapes
// it is a slice of the input, not a copy.
func (p *parser) string() (string, *syntaxError) {
	start := p.pos + 1
	for i := start; i < len(p.src); {
		switch c := p.src[i]; {
		case c == '"':
			p.pos = i + 1
			return p.src[start:i], nil
		case c == '\\':
			return p.unquote(start, i)
		case c < ' ':
			return "", p.fail(errControlInString, i)
		case c < utf8.RuneSelf:
			i++
		default:
			size, err := p.rune(i)
			if err != nil {
				return "", err
			}
			i += size
		}
	}
	return "", p.fail(errEnd, len(p.src))
}

// unquote finishes a string that has an escape at i; start is just after
// its opening quote.
func (p *parser) unquote(start, i int) (string, *syntaxError) {
	b := append(p.unquoted[:0], p.src[start:i]...)
	defer func() { p.unquoted = b[:0] }()
	for i < len(p.src) {
		switch c := p.src[i]; {
		case c == '"':
			p.pos = i + 1
			return string(b), nil
		case c == '\\':
			var err *syntaxError
			if b, i, err = p.escape(b, i); err != nil {
				return "", err
			}
		case c < ' ':
			return "", p.fail(errControlInString, i)
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			size, err := p.rune(i)
			if err != nil {
				return "", err
			}
			b = append(b, p.src[i:i+size]...)
			i += size
		}
	}
	return "", p.fail(errEnd, len(p.src))
}

// rune checks the UTF-8 sequence at i and returns its length.
func (p *parser) rune(i int) (int, *syntaxError) {
	r, size := utf8.DecodeRuneInString(p.src[i:])
	if r == utf8.RuneError && size == 1 {
		return 0, p.fail(errInvalidUTF8, i)
	}
	return size, nil
}

// escape appends the character that the escape at i (a backslash) stands
// for, and returns the offset after the escape.
func (p *parser) escape(b []byte, i int) ([]byte, int, *syntaxError) {
	if i+1 == len(p.src) {
		return b, i, p.fail(errEscape, i) // encoding/json points at the backslash here
	}
	switch c := p.src[i+1]; c {
	case '"', '\\', '/':
		return append(b, c), i + 2, nil
	case 'b':
		return append(b, '\b'), i + 2, nil
	case 'f':
		return append(b, '\f'), i + 2, nil
	case 'n':
		return append(b, '\n'), i + 2, nil
	case 'r':
		return append(b, '\r'), i + 2, nil
	case 't':
		return append(b, '\t'), i + 2, nil
	case 'u':
		r, err := p.hex4(i + 2)
		if err != nil {
			return b, i, err
		}
		if !utf16.IsSurrogate(r) {
			return utf8.AppendRune(b, r), i + 6, nil
		}
		if low, ok := p.lowSurrogate(i + 6); ok && r < 0xDC00 {
			return utf8.AppendRune(b, utf16.DecodeRune(r, low)), i + 12, nil
		}
		return b, i, p.fail(errLoneSurrogate, i)
	}
	return b, i, p.fail(errEscape, i+1)
}

// hex4 reads the four hex digits of a \u escape.
func (p *parser) hex4(i int) (rune, *syntaxError) {
	var r rune
	for j := i; j < i+4; j++ {
		if j == len(p.src) {
			return 0, p.fail(errEscape, j-1)
		}
		c := p.src[j]
		switch {
		case isDigit(c):
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, p.fail(errEscape, j)
		}
		r = r<<4 | rune(c)
	}
	return r, nil
}

// lowSurrogate reports the \uDC00-\uDFFF escape at i, if there is one.
func (p *parser) lowSurrogate(i int) (rune, bool) {
	if i+6 > len(p.src) || p.src[i] != '\\' || p.src[i+1] != 'u' {
		return 0, false
	}
	r, err := p.hex4(i + 2)
	return r, err == nil && 0xDC00 <= r && r <= 0xDFFF
}

// number reads a number at p.pos and keeps its text: 3.0 stays 3.0.
func (p *parser) number() (any, *syntaxError) {
	start, i := p.pos, p.pos
	if p.src[i] == '-' {
		i++
	}
	var err *syntaxError
	if i < len(p.src) && p.src[i] == '0' {
		i++ // no leading zeros: what follows ends the number
	} else if i, err = p.digits(i); err != nil {
		return nil, err
	}
	if i < len(p.src) && p.src[i] == '.' {
		if i, err = p.digits(i + 1); err != nil {
			return nil, err
		}
	}
	if i < len(p.src) && (p.src[i] == 'e' || p.src[i] == 'E') {
		i++
		if i < len(p.src) && (p.src[i] == '+' || p.src[i] == '-') {
			i++
		}
		if i, err = p.digits(i); err != nil {
			return nil, err
		}
	}
	p.pos = i
	return p.boxNumber(json.Number(p.src[start:i])), nil
}

// digits reads the one or more digits a number needs at i.
func (p *parser) digits(i int) (int, *syntaxError) {
	switch {
	case i == len(p.src):
		return i, p.fail(errNumber, i-1) // encoding/json points at the last byte here
	case !isDigit(p.src[i]):
		return i, p.fail(errNumber, i)
	}
	for i < len(p.src) && isDigit(p.src[i]) {
		i++
	}
	return i, nil
}

// literal reads true, false or null at p.pos.
func (p *parser) literal(word string) *syntaxError {
	for k := 1; k < len(word); k++ {
		switch i := p.pos + k; {
		case i == len(p.src):
			return p.fail(errLiteral, i-1) // encoding/json points at the last byte here
		case p.src[i] != word[k]:
			return p.fail(errLiteral, i)
		}
	}
	p.pos += len(word)
	return nil
}
