package web

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"github.com/liveengage/manifestd/manifest"
)

// The editor's form field names are JSON Pointers into the manifest, so one
// decoder serves every section. A section's form writes only the keys it shows:
// unknown keys, and values of the wrong type elsewhere, are left as they are.

var (
	ptrClientName  = manifest.Pointer("client_name")
	ptrDescription = manifest.Pointer("description")
	ptrGrantTypes  = manifest.Pointer("grant_types")
	ptrScope       = manifest.Pointer("scope")
	ptrLogoURI     = manifest.Pointer("logo_uri")
	ptrWebhooks    = manifest.Pointer("capabilities", "webhooks")
	ptrEngagement  = manifest.Pointer("capabilities", "engagement")
)

// Form names that are not pointers: which webhooks and whether the engagement
// block are switched on, and the row a header button acts on.
const (
	formWebhookOn    = "webhook"
	formEngagementOn = "engagement"
	formAction       = "_action"
)

// engagementLists are the engagement keys edited as checkbox groups.
var engagementLists = []string{"entry_point", "visitor_behavior", "target_audience", "goal"}

// applyGeneral writes the General section: texts as typed, grant types as checked.
func applyGeneral(doc *manifest.Document, form url.Values) {
	doc.Set(ptrClientName, form.Get(ptrClientName)) // required: kept even while empty
	for _, ptr := range []string{ptrDescription, ptrScope, ptrLogoURI} {
		setOptionalText(doc, ptr, form.Get(ptr))
	}
	setOptionalList(doc, ptrGrantTypes, form[ptrGrantTypes])
}

func setOptionalText(doc *manifest.Document, ptr, value string) {
	if value == "" {
		doc.Remove(ptr)
		return
	}
	doc.Set(ptr, value)
}

func setOptionalList(doc *manifest.Document, ptr string, values []string) {
	if len(values) == 0 {
		doc.Remove(ptr)
		return
	}
	doc.Set(ptr, stringList(values))
}

func stringList(values []string) []any {
	list := make([]any, len(values))
	for i, v := range values {
		list[i] = v
	}
	return list
}

// applyWebhooks writes the webhook cards: each switched-on event's endpoint,
// max_retries and header rows; switched-off events are removed.
func applyWebhooks(doc *manifest.Document, form url.Values) {
	on := map[string]bool{}
	for _, event := range form[formWebhookOn] {
		on[event] = true
	}
	for _, event := range manifest.WebhookEvents {
		base := manifest.Pointer("capabilities", "webhooks", event)
		if !on[event] {
			doc.Remove(base)
			continue
		}
		if _, ok := objectAt(*doc, base); !ok {
			doc.Set(base, &manifest.Object{})
		}
		doc.Set(base+"/endpoint", form.Get(base+"/endpoint"))
		setNumberAsTyped(doc, base+"/max_retries", form.Get(base+"/max_retries"))
		setHeaders(doc, base+"/headers", headerRows(form, base+"/headers"))
	}
	applyHeaderAction(doc, form.Get(formAction))
	removeIfEmpty(doc, ptrWebhooks)
	removeIfEmpty(doc, manifest.Pointer("capabilities"))
}

// setNumberAsTyped stores a number as a JSON number when it reads as one, and
// as the string typed otherwise, so the validator can say what is wrong.
func setNumberAsTyped(doc *manifest.Document, ptr, typed string) {
	typed = strings.TrimSpace(typed)
	switch {
	case typed == "":
		doc.Remove(ptr)
	case isJSONNumber(typed):
		doc.Set(ptr, json.Number(typed))
	default:
		doc.Set(ptr, typed)
	}
}

func isJSONNumber(s string) bool {
	var n json.Number
	return json.Unmarshal([]byte(s), &n) == nil && !strings.ContainsAny(s, `"`)
}

type headerRow struct{ name, value string }

// headerRows reads rows base/0, base/1, ... until one is absent.
func headerRows(form url.Values, base string) []headerRow {
	var rows []headerRow
	for i := 0; ; i++ {
		row := base + "/" + strconv.Itoa(i)
		name, hasName := form[row+"/header_name"]
		value, hasValue := form[row+"/header_value"]
		if !hasName && !hasValue {
			return rows
		}
		rows = append(rows, headerRow{name: first(name), value: first(value)})
	}
}

func first(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}

// setHeaders replaces the header rows, keeping unknown keys of rows that stay.
func setHeaders(doc *manifest.Document, ptr string, rows []headerRow) {
	if len(rows) == 0 {
		doc.Remove(ptr)
		return
	}
	old, _ := listAt(*doc, ptr)
	list := make([]any, len(rows))
	for i, row := range rows {
		header, ok := elementObject(old, i)
		if !ok {
			header = &manifest.Object{}
		}
		header.Set("header_name", row.name)
		header.Set("header_value", row.value)
		list[i] = header
	}
	doc.Set(ptr, list)
}

func elementObject(list []any, i int) (*manifest.Object, bool) {
	if i >= len(list) {
		return nil, false
	}
	o, ok := list[i].(*manifest.Object)
	return o, ok
}

// applyHeaderAction adds an empty header row ("add-header EVENT") or removes
// one ("remove-header EVENT INDEX"), for the buttons on the webhook cards.
func applyHeaderAction(doc *manifest.Document, action string) {
	verb, rest, _ := strings.Cut(action, " ")
	switch verb {
	case "add-header":
		ptr := manifest.Pointer("capabilities", "webhooks", rest)
		if _, ok := objectAt(*doc, ptr); ok {
			row := &manifest.Object{}
			row.Set("header_name", "")
			row.Set("header_value", "")
			doc.Set(ptr+"/headers/-", row)
		}
	case "remove-header":
		event, index, _ := strings.Cut(rest, " ")
		if _, err := strconv.Atoi(index); err == nil {
			ptr := manifest.Pointer("capabilities", "webhooks", event, "headers")
			doc.Remove(ptr + "/" + index)
			if list, ok := listAt(*doc, ptr); ok && len(list) == 0 {
				doc.Remove(ptr)
			}
		}
	}
}

// removeIfEmpty drops an object the editor manages once nothing is left in it.
func removeIfEmpty(doc *manifest.Document, ptr string) {
	if o, ok := objectAt(*doc, ptr); ok && len(o.Members) == 0 {
		doc.Remove(ptr)
	}
}

// applyEngagement writes the engagement block when it is switched on, with the
// values the guide fixes, and removes it when it is off.
func applyEngagement(doc *manifest.Document, form url.Values) {
	if form.Get(formEngagementOn) == "" {
		doc.Remove(ptrEngagement)
		removeIfEmpty(doc, manifest.Pointer("capabilities"))
		return
	}
	if _, ok := objectAt(*doc, ptrEngagement); !ok {
		doc.Set(ptrEngagement, &manifest.Object{})
	}
	doc.Set(ptrEngagement+"/design_engagement", false)
	doc.Set(ptrEngagement+"/design_window", false)
	for _, key := range engagementLists {
		ptr := ptrEngagement + "/" + key
		doc.Set(ptr, stringList(form[ptr]))
	}
	doc.Set(ptrEngagement+"/consumer_identity", []any{"auth"})
	doc.Set(ptrEngagement+"/language_selection", form.Get(ptrEngagement+"/language_selection") == "true")
}

// objectAt is the object at ptr, if there is one.
func objectAt(doc manifest.Document, ptr string) (*manifest.Object, bool) {
	v, _ := doc.Get(ptr)
	o, ok := v.(*manifest.Object)
	return o, ok
}

// listAt is the array at ptr, if there is one.
func listAt(doc manifest.Document, ptr string) ([]any, bool) {
	v, _ := doc.Get(ptr)
	list, ok := v.([]any)
	return list, ok
}
