package manifest

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file is the manifest's profile: one declarative table of every field
// the product knows (RULES.md), with its rule, label, help, editor section,
// form control, allowed values, fixed value, secrecy and value in a new draft
// of each kind. Validate, Format, Schema, Describe, Diff, the editor's forms
// and the new-draft templates all read it; checks that a table cannot say
// are the named functions in checks.go, each carrying its schema pattern.
//
// Adding a field is one entry here (and its tests); see Fields for what the
// web and views layers get of it.

// Values the manifest must contain.
const (
	RequiredScope     = "msg.consumer"
	RequiredGrantType = "client_credentials"
	authorizationCode = "authorization_code"
)

// LegacyExConversationEvent is the guide table's name for the fifth event
// type; the guide's example and every later LivePerson page use
// cqm.ExConversationChangeNotification, to which Format renames it.
const LegacyExConversationEvent = "ms.MessagingEventNotification.ExConversationChangeNotification"

const exConversationEvent = "cqm.ExConversationChangeNotification"

// appNameKey is the key of the app name, the one required field.
const appNameKey = "client_name"

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

// EventName is the short name of an event type: ContentEvent for
// ms.MessagingEventNotification.ContentEvent.
func EventName(event string) string { return event[strings.LastIndexByte(event, '.')+1:] }

// Option is one value a form offers for a field.
type Option struct{ Value, Label, Help string }

var grantTypeOptions = []Option{
	{RequiredGrantType, "Client credentials", "Server to server: what connectors use."},
	{authorizationCode, "Authorization code", "An agent signs in through the browser: what web apps use."},
	{"refresh_token", "Refresh token", "Renews the tokens of the authorization-code flow."},
}

var responseTypeOptions = []Option{
	{"code", "Code", "The authorization code, exchanged for tokens by your server."},
	{"token", "Token", "An access token, returned to the browser directly."},
	{"id_token", "ID token", "An OpenID Connect identity token."},
	{"id_token token", "ID token and token", "Both an identity token and an access token."},
}

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

// Control is the form control the editor gives a field.
type Control string

// The editor's controls.
const (
	ControlText       Control = "text"        // one line of text
	ControlTextArea   Control = "textarea"    // a few lines of text
	ControlURL        Control = "url"         // one line, a web address
	ControlNumber     Control = "number"      // a whole number in a range
	ControlSeconds    Control = "seconds"     // a number of seconds, also shown in human terms
	ControlChecks     Control = "checks"      // a list of values from a fixed set
	ControlSwitch     Control = "switch"      // true or false
	ControlFixed      Control = "fixed"       // a value LivePerson fixes: shown, not edited
	ControlURLList    Control = "url-list"    // a list of addresses, one row each
	ControlNumberList Control = "number-list" // a list of whole numbers, one row each
	ControlRows       Control = "rows"        // a list of objects, one row of inputs each
	ControlNames      Control = "names"       // localized names: rows of language tag and name
	ControlGroup      Control = "group"       // an object whose fields are edited inside it
	ControlCard       Control = "card"        // an optional object switched on and off as a whole
)

// AppKind is the kind of app a manifest describes, read from the document.
type AppKind string

// The app kinds of RULES.md, "App kinds".
const (
	Connector AppKind = "connector"
	WebApp    AppKind = "webapp"
)

// appSet is the app kinds that use a section or field.
type appSet uint8

const (
	forConnector appSet = 1 << iota
	forWebApp
	forEither = forConnector | forWebApp
)

func (s appSet) has(k AppKind) bool {
	if k == WebApp {
		return s&forWebApp != 0
	}
	return s&forConnector != 0
}

// starts are a field's values in a new draft, per kind; nil leaves it out.
type starts struct{ connector, webApp any }

func (s starts) of(k AppKind) any {
	if k == WebApp {
		return s.webApp
	}
	return s.connector
}

// field is one key of the manifest and everything known about it.
type field struct {
	key      string
	label    string // human name, for titles and forms
	help     string // what it is, from the guides
	hint     string // how to fill it in; given with a missing or mistyped value
	kind     kind
	required bool // else optional; an optional "" or [] counts as absent unless keepBlank

	section string  // editor section (top-level fields; nested ones inherit)
	control Control // the form control; "" is not edited in the forms
	apps    appSet  // the app kinds that use it; 0 is both
	start   starts  // its value in a new draft of each kind

	secret   bool   // a credential: masked wherever it is shown
	image    bool   // the address of an image: the editor can preview it
	fixed    any    // the only value allowed, which the forms write for the person
	fixedWhy string // why LivePerson fixes it
	place    string // names one instance in messages: "header" gives "header 2", a webhook "ContentEvent webhook"
	prefix   string // a key family: every key that starts with prefix (client_name#TAG)

	maxLen    int          // strings: at most this many code points
	check     *stringCheck // strings: what the table cannot say
	keepBlank bool         // an empty value is judged, not taken as absent

	minimum, maximum int  // integers
	unbounded        bool // integers: no maximum
	mustBeFalse      bool // booleans

	items    *field // arrays: each element's rule
	minItems int
	unique   bool        // a repeated value is an error at the repeat
	contains *arrayCheck // arrays: what the list must hold

	options []Option // strings: the allowed values

	fields   []*field // objects: the known keys, in canonical order
	closed   string   // unknown keys are errors, called this ("event type"), not warnings
	anyKey   *field   // what an unknown key of a closed object is
	renameTo string   // a legacy key: the key it is renamed to
	def      string   // schema: shared under $defs by this name
	when     []*rule  // objects: rules across fields
}

// Limits, shown by the form's character counters and in help texts.
const (
	maxClientName  = 100
	maxDisplayName = 128
	maxRedirectURI = 128
	maxEntryURI    = 1024
	maxEndpoint    = 2048
	maxRetries     = 5
	maxRetention   = 259200 // 3 days, in seconds
)

var manifestFields = &field{
	key: "", label: "LiveEngage app manifest", kind: kindObject, required: true,
	help: "What LivePerson needs to install a LiveEngage application: its name, OAuth grant types and scope, " +
		"a logo, and either its webhooks and engagement capabilities (a connector) or how agents sign in to it (a web app).",
	hint: "Put the manifest's fields between { and }.",
	when: []*rule{authorizationCodeNeedsRedirect, quickLaunchNeedsEntry},
	fields: []*field{
		{key: appNameKey, label: "App name", kind: kindString, required: true, maxLen: maxClientName, check: notBlank,
			section: sectionGeneral, control: ControlText, start: starts{"", ""},
			help: "The app's unique name, often written like com.example.myapp. At most 100 characters.",
			hint: "Give your app a name, up to 100 characters."},
		localizedNameField,
		{key: "display_name", label: "Display name", kind: kindString, maxLen: maxDisplayName, check: notBlank, keepBlank: true,
			section: sectionGeneral, control: ControlText,
			help: "The name people see for the app across LivePerson's screens, while the app name stays its unique technical name. At most 128 characters.",
			hint: "Give the name people should see, up to 128 characters, or leave it out."},
		{key: "description", label: "Description", kind: kindString, maxLen: 256,
			section: sectionGeneral, control: ControlTextArea,
			help: "A short description of the app, at most 256 characters.",
			hint: "Describe your app in up to 256 characters, or leave it out."},
		{key: "grant_types", label: "Grant types", kind: kindArray, unique: true, contains: connectorGrant, keepBlank: true,
			section: sectionGeneral, control: ControlChecks,
			start: starts{[]any{RequiredGrantType}, []any{authorizationCode, "refresh_token"}},
			help: "The OAuth 2.0 grants the app may use at the token endpoint. A connector uses client_credentials; " +
				"a web app that agents sign in to uses authorization_code, usually with refresh_token.",
			hint: `Use ["client_credentials"] for a connector, or ["authorization_code", "refresh_token"] for a web app.`,
			items: &field{key: "grant type", kind: kindString, required: true, options: grantTypeOptions,
				hint: "Choose from: client_credentials, authorization_code, refresh_token."}},
		{key: "redirect_uris", label: "Redirect URIs", kind: kindArray, unique: true,
			section: sectionSignIn, control: ControlURLList, apps: forWebApp,
			help: "Where LivePerson's sign-in sends the browser back with the authorization code after an agent signs in. " +
				"Each an https:// address of at most 128 characters.",
			hint: `List your app's sign-in callback addresses, such as ["https://app.example.com/callback"].`,
			items: &field{key: "address", label: "Redirect URI", kind: kindString, required: true, maxLen: maxRedirectURI,
				check: redirectURICheck, place: "redirect URI",
				hint: "Enter the https:// address that receives the code, such as https://app.example.com/callback."}},
		{key: "response_types", label: "Response types", kind: kindArray, unique: true,
			section: sectionSignIn, control: ControlChecks, apps: forWebApp, start: starts{nil, []any{"code"}},
			help: "The OAuth 2.0 response types the app may ask for at the authorization endpoint.",
			hint: `Use ["code"] for the authorization-code flow.`,
			items: &field{key: "response type", kind: kindString, required: true, options: responseTypeOptions,
				hint: "Choose from: code, token, id_token, id_token token."}},
		{key: "scope", label: "Scope", kind: kindString, maxLen: 128, check: scopeCheck,
			section: sectionGeneral, control: ControlText, start: starts{RequiredScope, RequiredScope},
			help: "Space-separated scope values the app may ask for with its access tokens. Must include msg.consumer; at most 128 characters.",
			hint: `Use "msg.consumer".`},
		{key: "logo_uri", label: "Logo", kind: kindString, maxLen: 128, check: logoURICheck,
			section: sectionGeneral, control: ControlURL, image: true,
			help: "The address of the app's logo: an https:// address, or a path that starts with /. At most 128 characters.",
			hint: "Give an https:// address or a path that starts with /, up to 128 characters."},
		capabilitiesField,
		{key: "quick_launch_enabled", label: "Quick launch", kind: kindBool,
			section: sectionSignIn, control: ControlSwitch, apps: forWebApp, start: starts{nil, false},
			help: "Whether the app appears in the agent workspace's quick-launch menu. It needs an entry URI.",
			hint: "Set quick_launch_enabled to true or false, without quotes."},
		{key: "entry_uri", label: "Entry URI", kind: kindString, maxLen: maxEntryURI, check: entryURICheck,
			section: sectionSignIn, control: ControlURL, apps: forWebApp,
			help: "The address the quick-launch menu opens; it starts the app's sign-in. An https:// address of at most 1024 characters.",
			hint: "Enter the https:// address where your app starts, such as https://app.example.com/start."},
		{key: "enabled", label: "Enabled", kind: kindBool,
			section: sectionSignIn, control: ControlSwitch, apps: forWebApp,
			help: "Whether the installation is active. LivePerson takes it as true when it is left out.",
			hint: "Set enabled to true or false, without quotes."},
		{key: "enabled_for_profiles", label: "Enabled for profiles", kind: kindArray, unique: true,
			section: sectionSignIn, control: ControlNumberList, apps: forWebApp,
			help: "The ids of the agent profiles that see the app in quick launch. It shows there only with quick launch on and an entry URI.",
			hint: "List profile ids as whole numbers without quotes, such as [1, 2].",
			items: &field{key: "profile id", label: "Profile id", kind: kindInteger, required: true, minimum: 1, unbounded: true, place: "profile",
				hint: "Use a whole number of 1 or more, without quotes."}},
	},
}

// localizedNameField is client_name#TAG: the app name in another language.
var localizedNameField = &field{
	key: "client_name#TAG", prefix: "client_name#", label: "Localized name", kind: kindString, required: true,
	maxLen: maxClientName, check: notBlank, section: sectionGeneral, control: ControlNames,
	help: "The app name in another language: the key is client_name#, then a language tag such as de or ja-Jpan-JP.",
	hint: "Give the name in that language, up to 100 characters.",
}

var capabilitiesField = &field{
	key: "capabilities", label: "Capabilities", kind: kindObject, apps: forConnector, section: sectionGeneral,
	help: "What the app does in LiveEngage: its webhooks and its engagement capabilities.",
	hint: `Use an object with webhooks and engagement, for example {"webhooks": {}}.`,
	fields: []*field{
		{key: "webhooks", label: "Webhooks", kind: kindObject, closed: "event type", anyKey: webhookField(""),
			section: sectionWebhooks, control: ControlGroup, when: []*rule{retentionOverridesRetries},
			help: "Where LivePerson sends messaging events: one webhook per event type. " +
				"It posts over TLS 1.2 or later, waits about 10 seconds, and counts only 200 or 201 as delivered.",
			hint: "Use an object whose keys are event types and whose values are webhooks.",
			fields: []*field{
				retryField,
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

var retryField = &field{
	key: "retry", label: "Retry policy", kind: kindObject, control: ControlGroup, place: "retry policy",
	help: "Time-to-live retry for all of the app's webhooks: while an endpoint fails, LivePerson keeps the events and retries " +
		"with growing gaps, delivering them in order once it recovers.",
	hint: `Use {"retention_time": 86400} for one day, or leave retry out.`,
	fields: []*field{
		{key: "retention_time", label: "Retention time", kind: kindInteger, required: true, minimum: 2, maximum: maxRetention,
			control: ControlSeconds,
			help:    "How long LivePerson keeps retrying, in seconds: from 2 to 259200 (3 days). It takes precedence over each webhook's max_retries.",
			hint:    "Use a whole number of seconds from 2 to 259200, such as 86400 for one day."},
	},
}

// webhookFields are the keys of every webhook, whatever its event type.
var webhookFields = []*field{
	{key: "endpoint", label: "Endpoint", kind: kindString, required: true, maxLen: maxEndpoint, check: endpointCheck, control: ControlURL,
		help: "The https:// address of your server that receives these events, including any query parameters.",
		hint: "Enter the https:// address of your server that receives the notifications."},
	{key: "max_retries", label: "Max retries", kind: kindInteger, minimum: 0, maximum: maxRetries, control: ControlNumber,
		help: "How many more times LivePerson tries when delivery fails, 30 seconds apart: 0 to 5. The retry policy replaces it; 0 still keeps this webhook's failures from triggering that policy.",
		hint: "Use a whole number from 0 to 5, without quotes, or leave it out."},
	{key: "headers", label: "Headers", kind: kindArray, control: ControlRows,
		help: "HTTP headers LivePerson adds to each notification, such as a key your server checks.",
		hint: `Use a list such as [{"header_name": "Authorization", "header_value": "..."}].`,
		items: &field{key: "header", label: "Header", kind: kindObject, required: true, def: "header", place: "header", when: []*rule{placeholderHeader},
			help: "An HTTP header to add to the notification request.",
			hint: `Write each header as {"header_name": "...", "header_value": "..."}.`,
			fields: []*field{
				{key: "header_name", label: "Name", kind: kindString, required: true, check: headerNameCheck, control: ControlText,
					help: "The HTTP header's name, such as Authorization.",
					hint: "Enter the header's name, such as Authorization or X-Api-Key."},
				{key: "header_value", label: "Value", kind: kindString, required: true, check: headerValueCheck, control: ControlText, secret: true,
					help: "The HTTP header's value. It is masked like a password until you ask to see it.",
					hint: "Enter the header's value as text on one line."},
			}}},
}

// webhookField is the webhook for one event type; "" is any event type.
func webhookField(event string) *field {
	f := &field{key: event, label: "Webhook", kind: kindObject, fields: webhookFields, def: "webhook", control: ControlCard,
		place: "webhook", help: "A webhook: where LivePerson sends one type of event, and how.",
		hint: `Give an object with at least an endpoint, such as {"endpoint": "https://example.com/webhooks"}.`}
	if event != "" {
		f.label = EventName(event)
		f.place = f.label + " webhook"
		f.help = "Your server's https:// endpoint for " + f.label + " notifications."
	}
	return f
}

func legacyWebhookField() *field {
	f := webhookField(LegacyExConversationEvent)
	f.renameTo = exConversationEvent
	f.label += " (old name)"
	f.control = ""
	f.help = "Old name of cqm.ExConversationChangeNotification, from the guide's table. Rename it; formatting does it for you."
	return f
}

var engagementField = &field{
	key: "engagement", label: "Engagement", kind: kindObject, section: sectionEngagement, control: ControlCard,
	help: "The app can engage consumers through LiveEngage's engagements. Every field is required once engagement is on.",
	hint: "Use an object with the eight engagement fields, or leave engagement out.",
	fields: []*field{
		{key: "design_engagement", label: "Design engagement", kind: kindBool, required: true, mustBeFalse: true,
			control: ControlFixed, fixed: false, fixedWhy: "LiveEngage designs the engagement, not the app.",
			help: "Toggles the ability to design the engagement window. Must be false.",
			hint: "Set design_engagement to false, without quotes."},
		{key: "design_window", label: "Design window", kind: kindBool, required: true, mustBeFalse: true,
			control: ControlFixed, fixed: false, fixedWhy: "LiveEngage provides the engagement window, not the app.",
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
		consumerIdentityField(),
		{key: "language_selection", label: "Language selection", kind: kindBool, required: true, control: ControlSwitch,
			help: "Whether consumers may choose the engagement's language.",
			hint: "Set language_selection to true or false, without quotes."},
	},
}

func consumerIdentityField() *field {
	f := enumList("consumer_identity", "Consumer identity", 1, consumerIdentityOptions,
		`Whether the consumer has to be an authenticated user. Must be ["auth"].`,
		`Set consumer_identity to ["auth"]: Connector API apps serve authenticated consumers.`)
	f.control, f.fixed, f.fixedWhy = ControlFixed, []any{"auth"}, "Connector API apps serve authenticated consumers."
	return f
}

// enumList is a required engagement list of unique values from options;
// its hint lists them unless one is given.
func enumList(key, label string, minItems int, options []Option, help, hint string) *field {
	if hint == "" {
		hint = "Choose from: " + optionValues(options) + "."
	}
	return &field{key: key, label: label, kind: kindArray, required: true, unique: true, minItems: minItems,
		control: ControlChecks, help: help, hint: hint,
		items: &field{key: key + " value", kind: kindString, required: true, options: options, hint: hint}}
}

func optionValues(options []Option) string {
	values := make([]string, len(options))
	for i, o := range options {
		values[i] = o.Value
	}
	return strings.Join(values, ", ")
}

// languageTag is a well-formed RFC 5646 language tag (language, extlang,
// script, region, variants, extensions, private use); the regular expression
// reads alike in ECMA-262 and RE2, so the schema uses it too.
const languageTag = `(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?` +
	`(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?`

var languageTagRE = regexp.MustCompile(`^` + languageTag + `$`)

// family is the members of o whose keys belong to the family f, in their order.
func family(f *field, o *Object) []Member {
	if o == nil {
		return nil
	}
	var out []Member
	for _, m := range o.Members {
		if strings.HasPrefix(m.Key, f.prefix) {
			out = append(out, Member{Key: m.Key, Value: canonicalValue(f, m.Value)})
		}
	}
	return out
}

// child returns the known field for key, or nil.
func (f *field) child(key string) *field {
	for _, c := range f.fields {
		if c.key == key || (c.prefix != "" && strings.HasPrefix(key, c.prefix)) {
			return c
		}
	}
	return nil
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
			items := *f.items
			items.help = f.help
			return &items
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

// fieldPath is the chain of known fields from the root to ptr, or nil when
// ptr leaves what the profile knows.
func fieldPath(ptr string) []*field {
	tokens, err := SplitPointer(ptr)
	if err != nil {
		return nil
	}
	path := []*field{manifestFields}
	for _, t := range tokens {
		f := path[len(path)-1].step(t)
		if f == nil {
			return nil
		}
		path = append(path, f)
	}
	return path
}

// fieldAt is the known field at ptr, or nil.
func fieldAt(ptr string) *field {
	path := fieldPath(ptr)
	if path == nil {
		return nil
	}
	return path[len(path)-1]
}

// FieldHelp returns the help for the field at a JSON Pointer, such as
// "/client_name" or "/capabilities/webhooks/<event>/max_retries" (any event
// key), or "" for a field the manifest does not know.
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
