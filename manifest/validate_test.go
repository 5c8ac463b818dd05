package manifest

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

func TestGuideExampleIsValidAndClean(t *testing.T) {
	doc, problems := Check(guideExample(t))
	if len(problems) > 0 {
		t.Fatalf("the guide's example has problems:\n%s", problemList(problems))
	}
	assertSchemaAgrees(t, doc, problems)
}

func TestBaseManifestIsClean(t *testing.T) {
	if ps := Validate(baseManifest(t)); len(ps) > 0 {
		t.Fatalf("base manifest:\n%s", problemList(ps))
	}
}

func TestValidateWithoutRoot(t *testing.T) {
	assertProblems(t, Validate(Document{}), []want{errAt("", "JSON object")})
}

func TestClientName(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "plain", edits: []edit{set("/client_name", `"X"`)}},
		{name: "100 code points, more bytes", edits: []edit{set("/client_name", `"`+strings.Repeat("é", 100)+`"`)}},
		{name: "101 code points", edits: []edit{set("/client_name", `"`+strings.Repeat("é", 101)+`"`)},
			want: []want{errAt("/client_name", "too long: 101 characters, at most 100")}},
		{name: "missing", edits: []edit{del("/client_name")},
			want: []want{errAt("/client_name", "client_name is required | Give your app a name, up to 100 characters.")}},
		{name: "empty", edits: []edit{set("/client_name", `""`)}, want: []want{errAt("/client_name", "empty")}},
		{name: "spaces", edits: []edit{set("/client_name", `" \t "`)}, want: []want{errAt("/client_name", "empty")}},
		{name: "unicode spaces", edits: []edit{set("/client_name", `"\u00a0\u3000"`)}, want: []want{errAt("/client_name")}},
		{name: "long and blank", edits: []edit{set("/client_name", `"`+strings.Repeat(" ", 120)+`"`)},
			want: []want{errAt("/client_name", "too long"), errAt("/client_name", "empty")}},
		{name: "number", edits: []edit{set("/client_name", `42`)}, want: []want{errAt("/client_name", "must be text")}},
		{name: "null", edits: []edit{set("/client_name", `null`)}, want: []want{errAt("/client_name", "must be text")}},
	})
}

func TestDescription(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "256", edits: []edit{set("/description", `"`+strings.Repeat("d", 256)+`"`)}},
		{name: "257", edits: []edit{set("/description", `"`+strings.Repeat("d", 257)+`"`)}, want: []want{errAt("/description", "at most 256")}},
		{name: "empty is absent", edits: []edit{set("/description", `""`)}},
		{name: "missing", edits: []edit{del("/description")}},
		{name: "list", edits: []edit{set("/description", `["a"]`)}, want: []want{errAt("/description", "must be text")}},
	})
}

func TestGrantTypes(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "missing", edits: []edit{del("/grant_types")}},
		{name: "empty is absent", edits: []edit{set("/grant_types", `[]`)}},
		{name: "later grant types warn", edits: []edit{set("/grant_types", `["client_credentials", "refresh_token", "authorization_code"]`)},
			want: []want{warnAt("/grant_types/1", "not used by Connector API apps"), warnAt("/grant_types/2")}},
		{name: "without client_credentials", edits: []edit{set("/grant_types", `["refresh_token"]`)},
			want: []want{errAt("/grant_types", `must include "client_credentials"`), warnAt("/grant_types/0")}},
		{name: "unknown value", edits: []edit{set("/grant_types", `["client_credentials", "password"]`)},
			want: []want{errAt("/grant_types/1", `"password" is not a valid grant type`)}},
		{name: "wrong case suggests", edits: []edit{set("/grant_types", `["Client_Credentials"]`)},
			want: []want{errAt("/grant_types"), errAt("/grant_types/0", `Did you mean "client_credentials"?`)}},
		{name: "repeated", edits: []edit{set("/grant_types", `["client_credentials", "client_credentials"]`)},
			want: []want{errAt("/grant_types/1", `"client_credentials" is listed twice`)}},
		{name: "string", edits: []edit{set("/grant_types", `"client_credentials"`)}, want: []want{errAt("/grant_types", "must be a list")}},
		{name: "number element", edits: []edit{set("/grant_types", `[1, "client_credentials"]`)}, want: []want{errAt("/grant_types/0", "must be text")}},
	})
}

func TestScope(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "several tokens", edits: []edit{set("/scope", `"a msg.consumer b"`)}},
		{name: "empty is absent", edits: []edit{set("/scope", `""`)}},
		{name: "missing", edits: []edit{del("/scope")}},
		{name: "without msg.consumer", edits: []edit{set("/scope", `"msg.consumerx"`)}, want: []want{errAt("/scope", "must include msg.consumer")}},
		{name: "case matters", edits: []edit{set("/scope", `"MSG.CONSUMER"`)}, want: []want{errAt("/scope")}},
		{name: "repeated tokens", edits: []edit{set("/scope", `"msg.consumer a msg.consumer a a msg.consumer"`)},
			want: []want{warnAt("/scope", `"msg.consumer" is listed more than once`), warnAt("/scope", `"a" is listed more than once`)}},
		{name: "129 characters", edits: []edit{set("/scope", `"msg.consumer `+strings.Repeat("a", 116)+`"`)},
			want: []want{errAt("/scope", "at most 128")}},
		{name: "number", edits: []edit{set("/scope", `5`)}, want: []want{errAt("/scope", "must be text")}},
	})
}

func TestLogoURI(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "guide's path", edits: []edit{set("/logo_uri", `"/src/modules/campaigns/assets/img/software/Mobile-App.png"`)}},
		{name: "empty is absent", edits: []edit{set("/logo_uri", `""`)}},
		{name: "http warns", edits: []edit{set("/logo_uri", `"http://cdn.example.com/l.png"`)}, want: []want{warnAt("/logo_uri", "https://")}},
		{name: "javascript", edits: []edit{set("/logo_uri", `"javascript:alert(1)"`)}, want: []want{errAt("/logo_uri", "must be an https:// address or a path")}},
		{name: "data", edits: []edit{set("/logo_uri", `"data:image/png;base64,AAAA"`)}, want: []want{errAt("/logo_uri")}},
		{name: "relative", edits: []edit{set("/logo_uri", `"img/logo.png"`)}, want: []want{errAt("/logo_uri")}},
		{name: "no host", edits: []edit{set("/logo_uri", `"https://"`)}, want: []want{errAt("/logo_uri", "no host")}},
		{name: "http without host", edits: []edit{set("/logo_uri", `"http:///x"`)}, want: []want{errAt("/logo_uri", "no host")}},
		{name: "129 characters", edits: []edit{set("/logo_uri", `"/`+strings.Repeat("a", 128)+`"`)}, want: []want{errAt("/logo_uri", "at most 128")}},
	})
}

func TestCapabilities(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "missing", edits: []edit{del("/capabilities")}},
		{name: "empty", edits: []edit{set("/capabilities", `{}`)}},
		{name: "empty parts", edits: []edit{set("/capabilities", `{"webhooks": {}, "engagement": {}}`)}},
		{name: "list", edits: []edit{set("/capabilities", `[]`)}, want: []want{errAt("/capabilities", "must be an object")}},
		{name: "unknown key", edits: []edit{set("/capabilities/chat", `true`)}, want: []want{warnAt("/capabilities/chat", `unknown field "chat"`)}},
	})
}

func TestWebhooks(t *testing.T) {
	const hooks = "/capabilities/webhooks/"
	const legacy = hooks + "ms.MessagingEventNotification.ExConversationChangeNotification"
	const cqm = hooks + "cqm.ExConversationChangeNotification"
	runRuleCases(t, []ruleCase{
		{name: "empty", edits: []edit{set("/capabilities/webhooks", `{}`)}},
		{name: "all five", edits: []edit{
			set(hooks+"ms.MessagingEventNotification.RichContentEvent", `{"endpoint": "https://a"}`),
			set(hooks+"ms.MessagingEventNotification.AcceptStatusEvent", `{"endpoint": "https://a"}`),
			set(hooks+"ms.MessagingEventNotification.ChatStateEvent", `{"endpoint": "https://a"}`)}},
		{name: "list", edits: []edit{set("/capabilities/webhooks", `[]`)}, want: []want{errAt("/capabilities/webhooks", "must be an object")}},
		{name: "typo in event type", edits: []edit{set(hooks+"ms.MessagingEventNotification.ContentEvents", `{"endpoint": "https://a"}`)},
			want: []want{errAt(hooks+"ms.MessagingEventNotification.ContentEvents", `Did you mean "ms.MessagingEventNotification.ContentEvent"?`)}},
		{name: "short event name", edits: []edit{set(hooks+"ChatStateEvent", `{"endpoint": "https://a"}`)},
			want: []want{errAt(hooks+"ChatStateEvent", `Did you mean "ms.MessagingEventNotification.ChatStateEvent"?`)}},
		{name: "unknown event type", edits: []edit{set(hooks+"foo", `{}`)}, want: []want{errAt(hooks+"foo", "Use one of: ms.")}},
		{name: "legacy name warns", edits: []edit{del(cqm), set(legacy, `{"endpoint": "https://a"}`)},
			want: []want{warnAt(legacy, "Rename it to cqm.ExConversationChangeNotification")}},
		{name: "legacy name is checked as a webhook", edits: []edit{del(cqm), set(legacy, `{"endpoint": "http://a"}`)},
			want: []want{warnAt(legacy), errAt(legacy + "/endpoint")}},
		{name: "both spellings", edits: []edit{set(legacy, `{"endpoint": "https://a"}`)},
			want: []want{errAt(legacy, "listed twice")}},
		{name: "both, new one left empty", edits: []edit{set(cqm, `{}`), set(legacy, `{"endpoint": "https://a"}`)},
			want: []want{warnAt(legacy)}},
		{name: "webhook is a string", edits: []edit{set(wh, `"https://a"`)}, want: []want{errAt(wh, "must be an object")}},
		{name: "webhook left empty", edits: []edit{set(wh, `{"headers": []}`)}},
		{name: "webhook without endpoint", edits: []edit{set(wh, `{"max_retries": 1}`)}, want: []want{errAt(wh+"/endpoint", "endpoint is required")}},
		{name: "unknown webhook key", edits: []edit{set(wh+"/endpont", `"x"`)},
			want: []want{warnAt(wh+"/endpont", `Did you mean "endpoint"?`)}},
	})
}

func TestEndpoint(t *testing.T) {
	ep := wh + "/endpoint"
	runRuleCases(t, []ruleCase{
		{name: "guide's", edits: []edit{set(ep, `"https://your/webhooks/endpoint"`)}},
		{name: "port, query, fragment", edits: []edit{set(ep, `"https://h.example.com:8443/x?y=1&z=2#f"`)}},
		{name: "missing", edits: []edit{del(ep)}, want: []want{errAt(ep, "endpoint is required")}},
		{name: "empty", edits: []edit{set(ep, `""`)}, want: []want{errAt(ep, "must start with https://")}},
		{name: "http", edits: []edit{set(ep, `"http://h.example.com"`)}, want: []want{errAt(ep, "must start with https:// | LiveEngage sends notifications only over HTTPS")}},
		{name: "upper case", edits: []edit{set(ep, `"HTTPS://h.example.com"`)}, want: []want{errAt(ep, "lowercase")}},
		{name: "no host", edits: []edit{set(ep, `"https://"`)}, want: []want{errAt(ep, "no host")}},
		{name: "empty host", edits: []edit{set(ep, `"https:///hooks"`)}, want: []want{errAt(ep, "no host")}},
		{name: "space", edits: []edit{set(ep, `"https://h.example.com/my hook"`)}, want: []want{errAt(ep, "space")}},
		{name: "ftp", edits: []edit{set(ep, `"ftp://h.example.com"`)}, want: []want{errAt(ep)}},
		{name: "2049 characters", edits: []edit{set(ep, `"https://h.example.com/`+strings.Repeat("a", 2049-22)+`"`)},
			want: []want{errAt(ep, "at most 2048")}},
		{name: "2048 characters", edits: []edit{set(ep, `"https://h.example.com/`+strings.Repeat("a", 2048-22)+`"`)}},
		{name: "number", edits: []edit{set(ep, `5`)}, want: []want{errAt(ep, "must be text")}},
	})
}

func TestMaxRetries(t *testing.T) {
	mr := wh + "/max_retries"
	valid := []string{"0", "3", "5", "3.0", "5e0", "30e-1", "0.5e1", "-0", "0.0e10", "0.000001e6"}
	invalid := []string{`"3"`, "2.5", "-1", "6", "1e400", "0.0000011e6", "5.0000000000000000001", "null", "true", "[3]"}
	var cases []ruleCase
	for _, v := range valid {
		cases = append(cases, ruleCase{name: v, edits: []edit{set(mr, v)}})
	}
	for _, v := range invalid {
		cases = append(cases, ruleCase{name: v, edits: []edit{set(mr, v)},
			want: []want{errAt(mr, "max_retries must be a whole number from 0 to 5")}})
	}
	cases = append(cases, ruleCase{name: "missing", edits: []edit{del(mr)}})
	runRuleCases(t, cases)
}

func TestWholeNumberIn(t *testing.T) {
	tests := []struct {
		text      string
		whole, in bool
	}{
		{"0", true, true}, {"-0", true, true}, {"5", true, true}, {"6", true, false}, {"-1", true, false},
		{"2.5", false, false}, {"25e-1", false, false}, {"1e1", true, false}, {"0.5e1", true, true},
		{"1e999999999999", true, false}, {"1e-999999999999", false, false}, {"0e999999999", true, true},
		{"123456789012345678901234567890", true, false}, {"x", false, false}, {"", false, false}, {"1e", false, false},
	}
	for _, tt := range tests {
		whole, in := wholeNumberIn(tt.text, 0, 5)
		if whole != tt.whole || in != tt.in {
			t.Errorf("wholeNumberIn(%q) = %v, %v; want %v, %v", tt.text, whole, in, tt.whole, tt.in)
		}
	}
}

func TestHeaders(t *testing.T) {
	hs := wh + "/headers"
	runRuleCases(t, []ruleCase{
		{name: "missing", edits: []edit{del(hs)}},
		{name: "empty is absent", edits: []edit{set(hs, `[]`)}},
		{name: "object", edits: []edit{set(hs, `{"header_name": "A", "header_value": "b"}`)}, want: []want{errAt(hs, "must be a list")}},
		{name: "string element", edits: []edit{set(hs, `["Authorization: x"]`)}, want: []want{errAt(hs+"/0", "header must be an object")}},
		{name: "empty header", edits: []edit{set(hs, `[{}]`)},
			want: []want{errAt(hs+"/0/header_name", "header_name is required"), errAt(hs+"/0/header_value", "header_value is required")}},
		{name: "same name twice, any case", edits: []edit{set(hs, `[{"header_name": "X-Key", "header_value": "a"}, {"header_name": "x-key", "header_value": "b"}]`)},
			want: []want{warnAt(hs+"/1/header_name", `"x-key" is set twice`)}},
		{name: "same name in two webhooks", edits: []edit{
			set("/capabilities/webhooks/cqm.ExConversationChangeNotification/headers", `[{"header_name": "Authorization", "header_value": "a"}]`)}},
		{name: "unknown key", edits: []edit{set(hs+"/0/header_nme", `"x"`)}, want: []want{warnAt(hs+"/0/header_nme", `Did you mean "header_name"?`)}},
	})
}

func TestHeaderName(t *testing.T) {
	hn := wh + "/headers/0/header_name"
	runRuleCases(t, []ruleCase{
		{name: "token characters", edits: []edit{set(hn, "\"a!#$%&'*+-.^_`|~9Z\"")}},
		{name: "empty", edits: []edit{set(hn, `""`)}, want: []want{errAt(hn, "header_name is empty")}},
		{name: "space", edits: []edit{set(hn, `"X Key"`)}, want: []want{errAt(hn, `contains ' '`)}},
		{name: "colon", edits: []edit{set(hn, `"X-Key:"`)}, want: []want{errAt(hn, `contains ':'`)}},
		{name: "non-ASCII", edits: []edit{set(hn, `"Schlüssel"`)}, want: []want{errAt(hn, `contains 'ü'`)}},
		{name: "number", edits: []edit{set(hn, `5`)}, want: []want{errAt(hn, "must be text")}},
	})
}

func TestHeaderValue(t *testing.T) {
	hv := wh + "/headers/0/header_value"
	runRuleCases(t, []ruleCase{
		{name: "empty", edits: []edit{set(hv, `""`)}},
		{name: "spaces and tabs", edits: []edit{set(hv, `"a b\tc"`)}},
		{name: "line feed", edits: []edit{set(hv, `"a\nX-Injected: 1"`)}, want: []want{errAt(hv, "one line")}},
		{name: "carriage return", edits: []edit{set(hv, `"a\r"`)}, want: []want{errAt(hv, "one line")}},
		{name: "NUL", edits: []edit{set(hv, `"a\u0000"`)}, want: []want{errAt(hv, "one line")}},
		{name: "missing", edits: []edit{del(hv)}, want: []want{errAt(hv, "header_value is required")}},
		{name: "number", edits: []edit{set(hv, `5`)}, want: []want{errAt(hv, "must be text")}},
	})
}

func TestEngagement(t *testing.T) {
	var missing []want
	for _, k := range []string{"design_engagement", "design_window", "entry_point", "visitor_behavior", "target_audience", "consumer_identity", "language_selection"} {
		missing = append(missing, errAt(eng+"/"+k, k+" is required"))
	}
	runRuleCases(t, []ruleCase{
		{name: "missing", edits: []edit{del(eng)}},
		{name: "empty is absent", edits: []edit{set(eng, `{}`)}},
		{name: "every key required once started", edits: []edit{set(eng, `{"goal": ["lead"]}`)}, want: missing},
		{name: "list", edits: []edit{set(eng, `[]`)}, want: []want{errAt(eng, "must be an object")}},
		{name: "unknown key", edits: []edit{set(eng+"/goals", `[]`)}, want: []want{warnAt(eng+"/goals", `Did you mean "goal"?`)}},
	})
}

func TestDesignFlags(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "design_engagement true", edits: []edit{set(eng+"/design_engagement", `true`)},
			want: []want{errAt(eng+"/design_engagement", "design_engagement must be false")}},
		{name: "design_engagement string", edits: []edit{set(eng+"/design_engagement", `"false"`)},
			want: []want{errAt(eng+"/design_engagement", "must be false")}},
		{name: "design_window true", edits: []edit{set(eng+"/design_window", `true`)},
			want: []want{errAt(eng+"/design_window", "design_window must be false")}},
		{name: "design_window missing", edits: []edit{del(eng + "/design_window")},
			want: []want{errAt(eng+"/design_window", "required")}},
	})
}

func TestEntryPoint(t *testing.T) {
	ep := eng + "/entry_point"
	runRuleCases(t, []ruleCase{
		{name: "both", edits: []edit{set(ep, `["section", "url"]`)}},
		{name: "empty", edits: []edit{set(ep, `[]`)}, want: []want{errAt(ep, "needs at least one value")}},
		{name: "unknown", edits: []edit{set(ep, `["section", "page"]`)}, want: []want{errAt(ep+"/1", `"page" is not a valid entry_point value`)}},
		{name: "wrong case", edits: []edit{set(ep, `["URL"]`)}, want: []want{errAt(ep+"/0", `Did you mean "url"?`)}},
		{name: "repeated", edits: []edit{set(ep, `["url", "url"]`)}, want: []want{errAt(ep+"/1", `"url" is listed twice`)}},
		{name: "string", edits: []edit{set(ep, `"section"`)}, want: []want{errAt(ep, "must be a list")}},
	})
}

func TestEngagementLists(t *testing.T) {
	for _, key := range []string{"visitor_behavior", "target_audience", "goal"} {
		t.Run(key, func(t *testing.T) {
			p := eng + "/" + key
			all := `["` + strings.Join(optionList(EngagementOptions(key)), `", "`) + `"]`
			runRuleCases(t, []ruleCase{
				{name: "every option", edits: []edit{set(p, all)}},
				{name: "empty", edits: []edit{set(p, `[]`)}},
				{name: "unknown", edits: []edit{set(p, `["nope"]`)}, want: []want{errAt(p+"/0", `"nope" is not a valid `+key+" value")}},
				{name: "repeated", edits: []edit{set(p, all[:len(all)-1]+`, "`+EngagementOptions(key)[0].Value+`"]`)},
					want: []want{errAt(p+"/"+strconv.Itoa(len(EngagementOptions(key))), "is listed twice")}},
				{name: "number", edits: []edit{set(p, `[1]`)}, want: []want{errAt(p+"/0", "must be text")}},
				{name: "string", edits: []edit{set(p, `"`+EngagementOptions(key)[0].Value+`"`)}, want: []want{errAt(p, "must be a list")}},
				{name: "missing", edits: []edit{del(p)}, want: []want{errAt(p, key+" is required")}},
			})
		})
	}
	runRuleCases(t, []ruleCase{{name: "cart_items accepted", edits: []edit{set(eng+"/visitor_behavior", `["cart_items"]`)}}})
}

func TestConsumerIdentity(t *testing.T) {
	ci := eng + "/consumer_identity"
	runRuleCases(t, []ruleCase{
		{name: "unauth", edits: []edit{set(ci, `["unauth"]`)}, want: []want{errAt(ci+"/0", `["auth"]`)}},
		{name: "both", edits: []edit{set(ci, `["auth", "unauth"]`)}, want: []want{errAt(ci + "/1")}},
		{name: "empty", edits: []edit{set(ci, `[]`)}, want: []want{errAt(ci, "at least one value")}},
		{name: "twice", edits: []edit{set(ci, `["auth", "auth"]`)}, want: []want{errAt(ci+"/1", "listed twice")}},
		{name: "string", edits: []edit{set(ci, `"auth"`)}, want: []want{errAt(ci, "must be a list")}},
	})
}

func TestLanguageSelection(t *testing.T) {
	ls := eng + "/language_selection"
	runRuleCases(t, []ruleCase{
		{name: "false", edits: []edit{set(ls, `false`)}},
		{name: "string", edits: []edit{set(ls, `"en"`)}, want: []want{errAt(ls, "true or false")}},
		{name: "missing", edits: []edit{del(ls)}, want: []want{errAt(ls, "required")}},
	})
}

func TestUnknownFields(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "later fields", edits: []edit{set("/display_name", `"A"`), set("/redirect_uris", `[]`), set("/enabled", `true`)},
			want: []want{warnAt("/display_name", `unknown field "display_name" | It is kept`), warnAt("/redirect_uris"), warnAt("/enabled")}},
		{name: "typo", edits: []edit{set("/client_nme", `"A"`)}, want: []want{warnAt("/client_nme", `Did you mean "client_name"?`)}},
		{name: "case", edits: []edit{set("/Scope", `"A"`)}, want: []want{warnAt("/Scope", `Did you mean "scope"?`)}},
		{name: "swapped letters", edits: []edit{set("/scpoe", `"A"`)}, want: []want{warnAt("/scpoe", `Did you mean "scope"?`)}},
		{name: "escaped pointer", edits: []edit{set("/a~1b~0c", `1`)}, want: []want{warnAt("/a~1b~0c", `unknown field "a/b~c"`)}},
	})
}

// TestProblemsInCanonicalOrder: problems follow the canonical form, not the
// order of the keys in the file.
func TestProblemsInCanonicalOrder(t *testing.T) {
	doc := decodeOK(t, []byte(`{
		"zzz": 1,
		"capabilities": {"engagement": {"goal": ["x"]}, "webhooks": {"bad": {}, "ms.MessagingEventNotification.ChatStateEvent": {"max_retries": 9, "endpoint": "http://a"}}},
		"scope": "x",
		"grant_types": ["x"]
	}`))
	got := Validate(doc)
	var paths []string
	for _, p := range got {
		paths = append(paths, p.Path)
	}
	chat := "/capabilities/webhooks/ms.MessagingEventNotification.ChatStateEvent"
	want := []string{"/client_name", "/grant_types", "/grant_types/0", "/scope",
		chat + "/endpoint", chat + "/max_retries", "/capabilities/webhooks/bad",
		eng + "/design_engagement", eng + "/design_window", eng + "/entry_point", eng + "/visitor_behavior",
		eng + "/target_audience", eng + "/goal/0", eng + "/consumer_identity", eng + "/language_selection", "/zzz"}
	if strings.Join(paths, "\n") != strings.Join(want, "\n") {
		t.Errorf("order:\n%s\nwant:\n%s", strings.Join(paths, "\n"), strings.Join(want, "\n"))
	}
}

// TestValidateOddValues: values code may put in a Document are judged, not
// a reason to panic.
func TestValidateOddValues(t *testing.T) {
	doc := NewDocument()
	doc.Root.Set("client_name", map[string]any{"a": 1})
	doc.Root.Set("capabilities", (*Object)(nil))
	doc.Root.Set("grant_types", []string{"client_credentials"})
	mustSet(t, &doc, wh+"/endpoint", "https://a")
	doc.Remove("/capabilities") // it was a nil *Object; Set replaced it with an object
	doc.Root.Set("capabilities", &Object{Members: []Member{{"webhooks", &Object{Members: []Member{
		{contentEvent, &Object{Members: []Member{{"endpoint", "https://a"}, {"max_retries", 3}}}},
		{"ms.MessagingEventNotification.ChatStateEvent", &Object{Members: []Member{{"endpoint", "https://a"}, {"max_retries", 2.5}}}},
	}}}}})
	got := Validate(doc)
	assertProblems(t, got, []want{errAt("/client_name"), errAt("/grant_types"),
		errAt("/capabilities/webhooks/ms.MessagingEventNotification.ChatStateEvent/max_retries")})
}

func mustSet(t *testing.T, d *Document, ptr string, v any) {
	t.Helper()
	if err := d.Set(ptr, v); err != nil {
		t.Fatal(err)
	}
}

func TestHasErrorsAndCount(t *testing.T) {
	ps := []Problem{{Severity: SeverityWarning}, {Severity: SeverityError}, {Severity: SeverityWarning}}
	if e, w := Count(ps); e != 1 || w != 2 {
		t.Errorf("Count = %d, %d", e, w)
	}
	if !HasErrors(ps) || HasErrors(ps[:1]) || HasErrors(nil) {
		t.Error("HasErrors")
	}
	r := NewReport("", nil)
	if !r.Valid || r.Problems == nil || r.File != "" {
		t.Errorf("NewReport: %+v", r)
	}
	if NewReport("f.json", ps).Valid {
		t.Error("a report with an error is valid")
	}
	b, _ := json.Marshal(r)
	if string(b) != `{"valid":true,"problems":[]}` {
		t.Errorf("empty report: %s", b)
	}
	b, _ = json.Marshal(NewReport("f.json", []Problem{{Path: "/a~1b", Severity: SeverityWarning, Message: "m"}}))
	if string(b) != `{"file":"f.json","valid":true,"problems":[{"path":"/a~1b","severity":"warning","message":"m"}]}` {
		t.Errorf("report: %s", b)
	}
}
