package manifest

import "strconv"

// Severity says whether a problem blocks export and submission.
type Severity string

const (
	// SeverityError blocks export and submission.
	SeverityError Severity = "error"
	// SeverityWarning is shown but never blocks.
	SeverityWarning Severity = "warning"
)

// Problem is one finding about a manifest, written for the customer.
type Problem struct {
	Path     string   `json:"path"` // RFC 6901 JSON Pointer; "" is the whole document
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`        // what is wrong, for a customer
	Hint     string   `json:"hint,omitempty"` // one line: how to fix it
}

// HasErrors reports whether any problem is an error, that is whether the
// manifest is invalid.
func HasErrors(ps []Problem) bool {
	for _, p := range ps {
		if p.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Count returns the number of errors and of warnings.
func Count(ps []Problem) (errors, warnings int) {
	for _, p := range ps {
		switch p.Severity {
		case SeverityError:
			errors++
		case SeverityWarning:
			warnings++
		}
	}
	return errors, warnings
}

// Report is the machine-readable verdict on one manifest, shared by
// `manifestd validate --format json` and the HTTP validation API.
type Report struct {
	File     string    `json:"file,omitempty"` // empty for the API, which has no file
	Valid    bool      `json:"valid"`
	Problems []Problem `json:"problems"` // never null, so clients can iterate
}

// NewReport builds the report for the problems found in file.
func NewReport(file string, problems []Problem) Report {
	if problems == nil {
		problems = []Problem{}
	}
	return Report{File: file, Valid: !HasErrors(problems), Problems: problems}
}

// AppendJSON appends the report as one line of JSON, as encoding/json would
// write it (keys in field order, no HTML escaping), without reflection: the
// validation API writes one per request.
func (r Report) AppendJSON(b []byte) []byte {
	b = append(b, '{')
	if r.File != "" {
		b = append(appendString(append(b, `"file":`...), r.File), ',')
	}
	b = append(b, `"valid":`...)
	b = strconv.AppendBool(b, r.Valid)
	b = append(b, `,"problems":[`...)
	for i, p := range r.Problems {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(append(b, `{"path":`...), p.Path)
		b = appendString(append(b, `,"severity":`...), string(p.Severity))
		b = appendString(append(b, `,"message":`...), p.Message)
		if p.Hint != "" {
			b = appendString(append(b, `,"hint":`...), p.Hint)
		}
		b = append(b, '}')
	}
	return append(b, "]}\n"...)
}
