package views

import "strings"

// Field describes one labelled input and what to say under it.
type Field struct {
	ID           string // element id; also the prefix of its help and error ids
	Name         string // form field name
	Label        string
	Attr         string // the manifest attribute it edits, shown beside the label
	Type         string // input type; "text" when empty
	Value        string
	Help         string
	Error        string
	Autocomplete string
	Required     bool
	MaxLength    int
}

func (f Field) inputType() string {
	if f.Type == "" {
		return "text"
	}
	return f.Type
}

func (f Field) helpID() string  { return f.ID + "-help" }
func (f Field) errorID() string { return f.ID + "-error" }

// describedBy ties the input to its help and error text for screen readers.
func (f Field) describedBy() string {
	ids := []string{}
	if f.Help != "" {
		ids = append(ids, f.helpID())
	}
	if f.Error != "" {
		ids = append(ids, f.errorID())
	}
	return strings.Join(ids, " ")
}

func (f Field) invalid() string {
	if f.Error != "" {
		return "true"
	}
	return "false"
}

func (f Field) autocomplete() string {
	if f.Autocomplete == "" {
		return "off"
	}
	return f.Autocomplete
}

// FormErrors maps form field names to what is wrong with them; "" is the form as a whole.
type FormErrors map[string]string
