package manifest

import (
	"slices"
	"strconv"
)

// This file is the one table of the manifest's rules (RULES.md). Validate,
// Format, Schema and FieldHelp all walk it; checks that a table cannot say are
// the named functions in checks.go, each carrying its schema pattern.

// Limits, shown by the form's character counters.
const (
	MaxClientName  = 100
	MaxDescription = 256
	MaxScope       = 128
	MaxLogoURI     = 128
	MaxEndpoint    = 2048
	MaxRetries     = 5
)

// Values the manifest must contain.
const (
	RequiredScope     = "msg.consumer"
	RequiredGrantType = "client_credentials"
)

// LegacyExConversationEvent is the guide table's name for the fifth event
// type; the guide's example and every later LivePerson page use
// cqm.ExConversationChangeNotification, to which Format renames it.
const LegacyExConversationEvent = "ms.MessagingEventNotification.ExConversationChangeNotification"

const exConversationEvent = "cqm.ExConversationChangeNotification"

// WebhookEvents are the event types a webhook can subscribe to, in canonical
// order. It is a copy: changing it changes no rule.
var WebhookEvents = slices.Clone(eventTypes)

var eventTypes = []string{
	"ms.MessagingEventNotification.ContentEvent",
	"ms.MessagingEventNotification.RichContentEvent",
	"ms.MessagingEventNotification.AcceptStatusEvent",
	"ms.MessagingEventNotification.ChatStateEvent",
	exConversationEvent,
}

// Option is one value a form offers for a field.
type Option struct{ Value, Label, Help string }

// GrantTypeOptions are the grant types a manifest may list. It is a copy:
// changing it changes no rule.
var GrantTypeOptions = slices.Clone(grantTypeOptions)

var grantTypeOptions = []Option{
	{RequiredGrantType, "Client credentials", "The grant Connector API apps use; required."},
	{"authorization_code", "Authorization code", "Not used by Connector API apps; accepted with a warning."},
	{"refresh_token", "Refresh token", "Not used by Connector API apps; accepted with a warning."},
}

// notForConnectorAPI are grant types of later LivePerson apps: allowed, but
// a Connector API app does not use them, so they are warnings.
var notForConnectorAPI = []string{"authorization_code", "refresh_token"}

var entryPointOptions = []Option{
	{"section", "Section", "Show the engagement in sections of your site."},
	{"url", "URL", "Show the engagement on pages with a given URL."},
}

var visitorBehaviorOptions = []Option{
	{"visited_location", "Visited location", ""},
	{"time_on_location", "Time on location", ""},
	{"flow", "Flow", ""},
	{"engaged_in_session", "Engaged in session", ""},
	{"about_to_abandon", "About to abandon", ""},
	{"cart_value", "Cart value", ""},
	{"cart_items", "Cart items", "In the guide's example, though not in its table; accepted."},
	{"visitor_error", "Visitor error", ""},
	{"viewed_products", "Viewed products", ""},
	{"service_activity", "Service activity", ""},
}

var targetAudienceOptions = []Option{
	{"external_referral", "External referral", ""},
	{"search_keywords", "Search keywords", ""},
	{"ip", "IP address", ""},
	{"platform", "Platform", ""},
	{"geo_location", "Geo location", ""},
	{"returning_visitors", "Returning visitors", ""},
	{"marketing_source", "Marketing source", ""},
	{"customer_type", "Customer type", ""},
	{"age", "Age", ""},
	{"balance", "Balance", ""},
	{"customer_id", "Customer ID", ""},
	{"gender", "Gender", ""},
	{"store_zip_code", "Store ZIP code", ""},
	{"store_number", "Store number", ""},
	{"company_size", "Company size", ""},
	{"registration_date", "Registration date", ""},
}

var goalOptions = []Option{
	{"url", "URL", ""},
	{"purchase_total", "Purchase total", ""},
	{"num_of_pages", "Number of pages", ""},
	{"lead", "Lead", ""},
	{"service_activity", "Service activity", ""},
}

var consumerIdentityOptions = []Option{
	{"auth", "Authenticated", "The consumer must be an authenticated user."},
}

// kind is the JSON type a field's value must have.
type kind uint8

const (
	kindString kind = iota + 1
	kindInteger
	kindBool
	kindArray
	kindObject
)

// field is one key of the manifest and everything known about it.
type field struct {
	key      string
	label    string // human name, for titles and forms
	help     string // what it is, from the guide
	hint     string // how to fill it in; given with a missing or mistyped value
	kind     kind
	required bool // else optional, and "", [] or {} count as absent

	maxLen int          // strings: at most this many code points
	check  *stringCheck // strings: what the table cannot say

	minimum, maximum int  // integers
	mustBeFalse      bool // booleans

	items    *field // arrays: each element's rule
	minItems int
	unique   bool   // a repeated value is an error at the repeat
	contains string // a value the array must hold

	options           []Option // strings: the allowed values
	unusedByConnector []string // options accepted with a warning: Connector API apps do not use them

	fields   []*field // objects: the known keys, in canonical order
	closed   string   // unknown keys are errors, called this ("event type"), not warnings
	anyKey   *field   // FieldHelp: what an unknown key of a closed object is
	renameTo string   // a legacy key: the key it is renamed to
	def      string   // schema: shared under $defs by this name
}

var manifestFields = &field{
	key: "", label: "LiveEngage app manifest", kind: kindObject, required: true,
	help: "What LivePerson needs to install a LiveEngage application (today, a Connector API app): " +
		"its name, OAuth grant types and scope, a logo, its webhooks and its engagement capabilities.",
	hint: "Put the manifest's fields between { and }.",
	fields: []*field{
		{key: "client_name", label: "App name", kind: kindString, required: true, maxLen: MaxClientName, check: notBlank,
			help: "Installation name. In most cases, this is the same as the app name. Unique; at most 100 characters.",
			hint: "Give your app a name, up to 100 characters."},
		{key: "description", label: "Description", kind: kindString, maxLen: MaxDescription,
			help: "App description, at most 256 characters.",
			hint: "Describe your app in up to 256 characters, or leave it out."},
		{key: "grant_types", label: "Grant types", kind: kindArray, unique: true, contains: RequiredGrantType,
			help: "Type strings that the client can use at the token endpoint. Must include client_credentials.",
			hint: `Use ["client_credentials"].`,
			items: &field{key: "grant type", kind: kindString, required: true, options: grantTypeOptions, unusedByConnector: notForConnectorAPI,
				hint: `Use "client_credentials".`}},
		{key: "scope", label: "Scope", kind: kindString, maxLen: MaxScope, check: scopeCheck,
			help: "Space-separated list of scope values that the client can use when requesting access tokens. " +
				"Must include msg.consumer; at most 128 characters.",
			hint: `Use "msg.consumer".`},
		{key: "logo_uri", label: "Logo", kind: kindString, maxLen: MaxLogoURI, check: logoURICheck,
			help: "URL string that references a logo for the client: an https:// address, or a path that starts with /. At most 128 characters.",
			hint: "Give an https:// address or a path that starts with /, up to 128 characters."},
		capabilitiesField,
	},
}

var capabilitiesField = &field{
	key: "capabilities", label: "Capabilities", kind: kindObject,
	help: "LiveEngage capabilities implemented by this app. Other apps use this field to discover this app by the capabilities it implements.",
	hint: `Use an object with webhooks and engagement, for example {"webhooks": {}}.`,
	fields: []*field{
		{key: "webhooks", label: "Webhooks", kind: kindObject, closed: "event type", anyKey: webhookField(""),
			help: "The endpoints where UMS sends notifications: one webhook per event type.",
			hint: "Use an object whose keys are event types and whose values are webhooks.",
			fields: []*field{
				webhookField(eventTypes[0]),
				webhookField(eventTypes[1]),
				webhookField(eventTypes[2]),
				webhookField(eventTypes[3]),
				webhookField(eventTypes[4]),
				legacyWebhookField(),
			}},
		engagementField,
	},
}

// webhookFields are the keys of every webhook, whatever its event type.
var webhookFields = []*field{
	{key: "endpoint", label: "Endpoint", kind: kindString, required: true, maxLen: MaxEndpoint, check: httpsURLCheck,
		help: "The URL to send the notification to, including query parameters. Starts with https://.",
		hint: "Enter the https:// address of your server that receives the notifications."},
	{key: "max_retries", label: "Max retries", kind: kindInteger, minimum: 0, maximum: MaxRetries,
		help: "The maximum number of retry attempts when sending the notification fails: 0 to 5.",
		hint: "Use a whole number from 0 to 5, without quotes, or leave it out."},
	{key: "headers", label: "Headers", kind: kindArray,
		help: "HTTP headers to add to the notification request.",
		hint: `Use a list such as [{"header_name": "Authorization", "header_value": "..."}].`,
		items: &field{key: "header", label: "Header", kind: kindObject, required: true, def: "header",
			help: "An HTTP header to add to the notification request.",
			hint: `Write each header as {"header_name": "...", "header_value": "..."}.`,
			fields: []*field{
				{key: "header_name", label: "Header name", kind: kindString, required: true, check: headerNameCheck,
					help: "The HTTP header's name, such as Authorization.",
					hint: "Enter the header's name, such as Authorization or X-Api-Key."},
				{key: "header_value", label: "Header value", kind: kindString, required: true, check: headerValueCheck,
					help: "The HTTP header's value.",
					hint: "Enter the header's value as text on one line."},
			}}},
}

// webhookField is the webhook for one event type; "" is any event type.
func webhookField(event string) *field {
	help := "A webhook: where UMS sends one type of notification, and how."
	label := "Webhook"
	if event != "" {
		label = eventName(event)
		help = "The HTTPS endpoint of your server that receives notifications of type " + label + "."
	}
	return &field{key: event, label: label, kind: kindObject, fields: webhookFields, def: "webhook", help: help,
		hint: `Give an object with at least an endpoint, such as {"endpoint": "https://example.com/webhooks"}.`}
}

func legacyWebhookField() *field {
	f := webhookField(LegacyExConversationEvent)
	f.renameTo = exConversationEvent
	f.label += " (old name)"
	f.help = "Old name of cqm.ExConversationChangeNotification, from the guide's table. Rename it; formatting does it for you."
	return f
}

// eventName is the short name of an event type: ContentEvent.
func eventName(event string) string {
	for i := len(event) - 1; i >= 0; i-- {
		if event[i] == '.' {
			return event[i+1:]
		}
	}
	return event
}

var engagementField = &field{
	key: "engagement", label: "Engagement", kind: kindObject,
	help: "The app can engage the consumer based on the LiveEngage engagements API. Every field is required when engagement is present.",
	hint: "Use an object with the eight engagement fields, or leave engagement out.",
	fields: []*field{
		{key: "design_engagement", label: "Design engagement", kind: kindBool, required: true, mustBeFalse: true,
			help: "Toggles the ability to design the engagement window. Must be false.",
			hint: "Set design_engagement to false, without quotes."},
		{key: "design_window", label: "Design window", kind: kindBool, required: true, mustBeFalse: true,
			help: "Toggles the ability to add an engagement window. Must be false.",
			hint: "Set design_window to false, without quotes."},
		enumList("entry_point", "Entry points", 1, entryPointOptions,
			"Where to display the engagement which invites consumers to engage with you. At least one of: section, url.", ""),
		enumList("visitor_behavior", "Visitor behavior", 0, visitorBehaviorOptions,
			"The browsing behavior of visitors which is of interest to you.", ""),
		enumList("target_audience", "Target audience", 0, targetAudienceOptions,
			"The visitors you specifically want to target.", ""),
		enumList("goal", "Goals", 0, goalOptions,
			"What you want to achieve with the engagement.", ""),
		enumList("consumer_identity", "Consumer identity", 1, consumerIdentityOptions,
			`Whether the consumer has to be an authenticated user. Must be ["auth"].`,
			`Set consumer_identity to ["auth"]: Connector API apps serve authenticated consumers.`),
		{key: "language_selection", label: "Language selection", kind: kindBool, required: true,
			help: "Indicates the possibility of language selection.",
			hint: "Set language_selection to true or false, without quotes."},
	},
}

// enumList is a required engagement list of unique values from options;
// its hint lists them unless one is given.
func enumList(key, label string, minItems int, options []Option, help, hint string) *field {
	if hint == "" {
		hint = "Choose from: " + optionValues(options) + "."
	}
	return &field{key: key, label: label, kind: kindArray, required: true, unique: true, minItems: minItems,
		help: help, hint: hint,
		items: &field{key: key + " value", kind: kindString, required: true, options: options, hint: hint}}
}

func optionValues(options []Option) string {
	s := ""
	for i, o := range options {
		if i > 0 {
			s += ", "
		}
		s += o.Value
	}
	return s
}

// EngagementOptions returns the values a form offers for an engagement list
// (entry_point, visitor_behavior, target_audience, goal), or nil for any
// other key. The result is a copy.
func EngagementOptions(key string) []Option {
	switch key {
	case "entry_point", "visitor_behavior", "target_audience", "goal":
		return slices.Clone(engagementField.child(key).items.options)
	}
	return nil
}

// child returns the known field named key, or nil.
func (f *field) child(key string) *field {
	for _, c := range f.fields {
		if c.key == key {
			return c
		}
	}
	return nil
}

// FieldHelp returns the guide's short help for the field at a JSON Pointer,
// such as "/client_name" or "/capabilities/webhooks/<event>/max_retries"
// (any event key), or "" for a field the manifest does not know.
func FieldHelp(ptr string) string {
	if f := fieldAt(ptr); f != nil {
		return f.help
	}
	return ""
}

// FieldLabel returns the human name of the field at a JSON Pointer, such as
// "App name" for "/client_name", or "" for a field the manifest does not know.
func FieldLabel(ptr string) string {
	if f := fieldAt(ptr); f != nil {
		return f.label
	}
	return ""
}

// fieldAt is the known field at ptr, or nil.
func fieldAt(ptr string) *field {
	tokens, err := SplitPointer(ptr)
	if err != nil {
		return nil
	}
	f := manifestFields
	for _, t := range tokens {
		if f = f.step(t); f == nil {
			return nil
		}
	}
	return f
}

// UnknownFields returns the JSON Pointers of the keys the manifest does not
// know and keeps as they are (each also an "unknown field" warning), in
// document order. Unknown event types are errors, not kept fields: not listed.
func UnknownFields(d Document) []string {
	var found []string
	if d.Root != nil {
		collectUnknown(manifestFields, d.Root, "", &found)
	}
	return found
}

func collectUnknown(f *field, o *Object, at string, found *[]string) {
	for _, m := range o.Members {
		ptr := at + Pointer(m.Key)
		c := f.child(m.Key)
		if c == nil && f.closed == "" {
			*found = append(*found, ptr)
			continue
		}
		if c == nil {
			continue
		}
		switch v := m.Value.(type) {
		case *Object:
			if c.kind == kindObject && v != nil {
				collectUnknown(c, v, ptr, found)
			}
		case []any:
			if c.kind == kindArray && c.items.kind == kindObject {
				for i, item := range v {
					if obj, ok := item.(*Object); ok {
						collectUnknown(c.items, obj, ptr+"/"+strconv.Itoa(i), found)
					}
				}
			}
		}
	}
}

// step follows one pointer token from f; array elements take their
// array's help when they have none of their own.
func (f *field) step(tok string) *field {
	switch f.kind {
	case kindArray:
		if _, ok := arrayIndex(tok, 1<<30); !ok || tok == "-" {
			return nil
		}
		if f.items.help == "" {
			return &field{help: f.help, kind: f.items.kind}
		}
		return f.items
	case kindObject:
		if c := f.child(tok); c != nil {
			return c
		}
		return f.anyKey
	}
	return nil
}
