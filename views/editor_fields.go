package views

import (
	"strings"

	"github.com/liveengage/manifestd/manifest"
)

// fieldRef is a form field whose problems are shown at it.
type fieldRef struct {
	ptr string
	// elements: the field is a list, and its elements' problems show at it.
	elements bool
}

// sectionFields are the fields the current section shows, so an update can
// refresh each one's problems without touching what is being typed.
func (e Editor) sectionFields() []fieldRef {
	switch e.Section {
	case "general":
		return []fieldRef{{"/client_name", false}, {"/description", false}, {"/grant_types", true}, {"/scope", false}, {"/logo_uri", false}}
	case "webhooks":
		return e.webhookFields()
	case "engagement":
		return e.engagementFields()
	}
	return nil
}

func (e Editor) webhookFields() []fieldRef {
	var refs []fieldRef
	for _, event := range manifest.WebhookEvents {
		if !e.webhookOn(event) {
			continue
		}
		refs = append(refs, fieldRef{manifest.Pointer("capabilities", "webhooks", event), false},
			fieldRef{webhookPtr(event, "endpoint"), false}, fieldRef{webhookPtr(event, "max_retries"), false},
			fieldRef{webhookPtr(event, "headers"), true})
		for row := range e.headerCount(event) {
			refs = append(refs, fieldRef{headerPtr(event, row, "header_name"), false}, fieldRef{headerPtr(event, row, "header_value"), false})
		}
	}
	return refs
}

func (e Editor) engagementFields() []fieldRef {
	if !e.engagementOn() {
		return nil
	}
	refs := []fieldRef{{"/capabilities/engagement", false}}
	for _, key := range []string{"design_engagement", "design_window", "language_selection"} {
		refs = append(refs, fieldRef{engagementPtr(key), false})
	}
	for _, key := range []string{"entry_point", "visitor_behavior", "target_audience", "goal", "consumer_identity"} {
		refs = append(refs, fieldRef{engagementPtr(key), true})
	}
	return refs
}

// attrName is the manifest attribute a field edits: the last pointer token.
func attrName(ptr string) string { return ptr[strings.LastIndexByte(ptr, '/')+1:] }

// describedBy ties an input to its help, its counter and its problems.
func describedBy(ptr string, help, count bool) string {
	ids := []string{problemsID(ptr)}
	if help {
		ids = append(ids, FieldID(ptr)+"-help")
	}
	if count {
		ids = append(ids, FieldID(ptr)+"-count")
	}
	return strings.Join(ids, " ")
}

func ariaInvalid(problems []manifest.Problem) string {
	if hasError(problems) {
		return "true"
	}
	return "false"
}

// unknownFields are the keys the form does not know, with their JSON.
func (e Editor) unknownFields() [][2]string {
	var out [][2]string
	for _, ptr := range manifest.UnknownFields(e.Doc) {
		out = append(out, [2]string{ptr, e.text(ptr)})
	}
	return out
}

func (e Editor) engagementOn() bool { return e.has("/capabilities/engagement") }
