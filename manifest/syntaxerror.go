package manifest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// syntaxError is where the input stops being JSON a manifest can be, and why.
type syntaxError struct {
	kind syntaxErrorKind
	pos  int // byte offset into the input, after any byte order mark
}

type syntaxErrorKind int

const (
	errEnd             syntaxErrorKind = iota // the input ends too early
	errValueStart                             // no value starts here
	errKeyStart                               // no key starts here
	errAfterKey                               // no colon after a key
	errAfterMember                            // no comma or } after a member
	errAfterElement                           // no comma or ] after an element
	errAfterDocument                          // more after the top-level value
	errControlInString                        // a raw control character in a string
	errEscape                                 // a backslash escape that JSON lacks
	errLoneSurrogate                          // \ud800 without its other half
	errNumber                                 // a malformed number
	errLiteral                                // a misspelt true, false or null
	errInvalidUTF8                            // bytes that are not UTF-8
	errTooDeepForJSON                         // nesting past maxSyntaxDepth
	errTooDeep                                // nesting past maxDepth
)

func (p *parser) fail(kind syntaxErrorKind, pos int) *syntaxError {
	return &syntaxError{kind: kind, pos: pos}
}

// problem turns a syntax error into the problem to report at the whole
// document, with the line and column editors show.
func (p *parser) problem(e *syntaxError) Problem {
	line, col := lineColumn(p.src, e.pos)
	msg, hint := describeSyntaxError(e.kind, p.src[e.pos:])
	return Problem{Severity: SeverityError,
		Message: fmt.Sprintf(syntaxPlace+": %s", line, col, msg), Hint: hint}
}

// syntaxPlace starts the message of a syntax error: where it is.
const syntaxPlace = "line %d, column %d"

// SyntaxErrorAt is where a syntax error is, read from its problem.
type SyntaxErrorAt struct {
	Line, Column int    // as editors count them, from 1
	Place        string // the same in words: "line 3, column 14"
	Rest         string // the message after the place: what is wrong there
}

// SyntaxPosition reads where a syntax error is from a problem Decode
// reported; ok is false for any other problem.
func SyntaxPosition(p Problem) (at SyntaxErrorAt, ok bool) {
	place, rest, found := strings.Cut(p.Message, ": ")
	if p.Path != "" || !found {
		return SyntaxErrorAt{}, false
	}
	if _, err := fmt.Sscanf(place, syntaxPlace, &at.Line, &at.Column); err != nil || fmt.Sprintf(syntaxPlace, at.Line, at.Column) != place {
		return SyntaxErrorAt{}, false
	}
	at.Place, at.Rest = place, rest
	return at, true
}

// lineColumn turns a byte offset into a 1-based line and a 1-based column
// counted in characters, as editors show them.
func lineColumn(src string, pos int) (line, col int) {
	before := src[:pos]
	line = 1 + strings.Count(before, "\n")
	start := strings.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCountInString(before[start:])
}

// describeSyntaxError says, for a customer, what is wrong at the start of
// rest, the input from the error on.
func describeSyntaxError(kind syntaxErrorKind, rest string) (string, string) {
	r, size := utf8.DecodeRuneInString(rest)
	if r == utf8.RuneError && size == 1 {
		return fmt.Sprintf("this is not UTF-8 text (byte 0x%02X); the file may be saved in another encoding", rest[0]),
			"Save the file as UTF-8 (editors offer it under Save with Encoding), or type the character again."
	}
	ch := strconv.QuoteRune(r)
	switch kind {
	case errEnd:
		return "the file ends before the JSON is complete", "Check that every {, [ and \" is closed."
	case errTooDeepForJSON:
		return "the JSON is nested too deeply", "A manifest nests objects and lists only a few levels deep."
	case errTooDeep:
		return fmt.Sprintf("the JSON is nested more than %d levels deep", maxDepth),
			"A manifest nests objects and lists only a few levels deep."
	case errAfterDocument:
		return "there is more after the end of the manifest's JSON object",
			"A manifest file holds exactly one JSON object: remove what follows its closing }."
	case errAfterMember:
		return "expected a comma or } here; is a comma missing after the previous value?",
			"Separate the fields of an object with commas."
	case errAfterElement:
		return "expected a comma or ] here; is a comma missing after the previous item?",
			"Separate the items of a list with commas."
	case errAfterKey:
		return "expected a colon (:) after the field name", `Write each field as "name": value.`
	case errKeyStart:
		return describeMissingKey(r, ch)
	case errValueStart:
		return describeMissingValue(r, ch)
	case errControlInString:
		return "text in double quotes contains a line break or another control character (" + ch + ")",
			"Keep text on one line and close it with \"; write a line break as \\n and a tab as \\t."
	case errEscape:
		return "invalid escape sequence in text at " + ch,
			`Write a backslash as \\; the escapes are \" \\ \/ \b \f \n \r \t and \uXXXX.`
	case errLoneSurrogate:
		return rest[:6] + " is only half of an escaped character (a UTF-16 surrogate) and stands for nothing on its own",
			`Write the character itself, or both halves of its escape, as in \ud83d\ude00 for 😀.`
	case errNumber:
		return "invalid number at " + ch, "Write numbers like 3, -1 or 2.5: no leading zeros, no trailing point."
	case errLiteral:
		return "unexpected " + ch + ": expected true, false or null",
			"Write true, false and null in lowercase, or put text in double quotes."
	}
	return "the JSON is malformed here", "Check the JSON syntax around this point."
}

func describeMissingKey(r rune, ch string) (string, string) {
	switch r {
	case '}':
		return "a comma is followed by }; there is no field after it",
			"Remove the comma after the last field of the object."
	case '\'':
		return "field names need double quotes, not single quotes", `Write "client_name", not 'client_name'.`
	}
	return "expected a field name in double quotes, found " + ch, `Write each field as "name": value.`
}

func describeMissingValue(r rune, ch string) (string, string) {
	switch r {
	case ']':
		return "a comma is followed by ]; there is no item after it",
			"Remove the comma after the last item of the list."
	case '}', ',':
		return "a value is missing before " + ch, "Write a value after the colon, for example \"text\", 3 or false."
	case '\'':
		return "text needs double quotes, not single quotes", `Write "text", not 'text'.`
	}
	return "unexpected " + ch + " where a value should start",
		"Put text in double quotes; other values are numbers, true, false, null, [lists] and {objects}."
}
