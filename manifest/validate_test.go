package manifest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// The tests below follow RULES.md section by section: each rule has cases
// that keep a manifest valid and cases that break it, and each case also
// checks that the JSON Schema gives the same verdict.

// TestGuideExampleIsValid: the guide's example is valid; what it still
// holds of the guide's placeholders (the host "your", the NAME: VALUE
// header) is only warned about.
func TestGuideExampleIsValid(t *testing.T) {
	doc, problems := Check(guideExample(t))
	var want []want
	for _, event := range WebhookEvents {
		want = append(want, warnAt(webhooksAt+event+"/endpoint", EventName(event)+` webhook: endpoint still has the guide's placeholder host "your"`))
		if event == WebhookEvents[0] || event == WebhookEvents[1] {
			want = append(want, warnAt(webhooksAt+event+"/headers/0", EventName(event)+" webhook, header 1: this header is the guide's example"))
		}
	}
	assertProblems(t, problems, want)
	assertSchemaAgrees(t, doc, problems)
}

func TestBaseManifestsAreClean(t *testing.T) {
	for _, name := range []string{"valid-full.json", webAppBase} {
		if ps := Validate(decodeOK(t, readFile(t, "corpus/"+name))); len(ps) > 0 {
			t.Errorf("%s:\n%s", name, problemList(ps))
		}
	}
}

func TestValidateWithoutRoot(t *testing.T) {
	assertProblems(t, Validate(Document{}), []want{errAt("", "JSON object")})
}

// Top level

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
		{name: "a placeholder is only text here", edits: []edit{set("/client_name", `"<YOURAPPNAME>"`)}},
	})
}

func TestLocalizedClientName(t *testing.T) {
	const hint = "a language tag such as de, pt-BR or ja-Jpan-JP"
	runRuleCases(t, []ruleCase{
		{name: "de", edits: []edit{set("/client_name#de", `"Acme Verbinder"`)}},
		{name: "pt-BR", edits: []edit{set("/client_name#pt-BR", `"Conector Acme"`)}},
		{name: "ja-Jpan-JP", edits: []edit{set("/client_name#ja-Jpan-JP", `"アクメ"`)}},
		{name: "several", edits: []edit{set("/client_name#de", `"A"`), set("/client_name#fr-CA", `"B"`), set("/client_name#zh-Hant", `"C"`)}},
		{name: "no tag", edits: []edit{set("/client_name#", `"Acme"`)},
			want: []want{errAt("/client_name#", `"" is not a language tag | After the #, write `+hint)}},
		{name: "digits", edits: []edit{set("/client_name#12345678901", `"Acme"`)},
			want: []want{errAt("/client_name#12345678901", `"12345678901" is not a language tag`)}},
		{name: "underscore", edits: []edit{set("/client_name#en_US", `"Acme"`)},
			want: []want{errAt("/client_name#en_US", `"en_US" is not a language tag`)}},
		{name: "empty name", edits: []edit{set("/client_name#de", `""`)}, want: []want{errAt("/client_name#de", "client_name#de is empty")}},
		{name: "blank name", edits: []edit{set("/client_name#de", `" \u3000"`)}, want: []want{errAt("/client_name#de", "client_name#de is empty")}},
		{name: "101 code points", edits: []edit{set("/client_name#de", `"`+strings.Repeat("ü", 101)+`"`)},
			want: []want{errAt("/client_name#de", "client_name#de is too long: 101 characters, at most 100")}},
		{name: "two too long read apart", edits: []edit{
			set("/client_name#de", `"`+strings.Repeat("a", 101)+`"`), set("/client_name#fr", `"`+strings.Repeat("a", 101)+`"`)},
			want: []want{errAt("/client_name#de", "client_name#de is too long"), errAt("/client_name#fr", "client_name#fr is too long")}},
		{name: "number", edits: []edit{set("/client_name#de", `1`)}, want: []want{errAt("/client_name#de", "client_name#de must be text")}},
		{name: "bad tag and bad name", edits: []edit{set("/client_name#en_US", `""`)},
			want: []want{errAt("/client_name#en_US", "not a language tag"), errAt("/client_name#en_US", "is empty")}},
		{name: "a look-alike key is unknown", edits: []edit{set("/client_name_de", `"A"`)},
			want: []want{warnAt("/client_name_de", `unknown field "client_name_de"`)}},
	})
}

func TestDisplayName(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "plain", edits: []edit{set("/display_name", `"Acme"`)}},
		{name: "128 characters", edits: []edit{set("/display_name", `"`+strings.Repeat("d", 128)+`"`)}},
		{name: "missing", edits: []edit{del("/display_name")}},
		{name: "empty is judged", edits: []edit{set("/display_name", `""`)},
			want: []want{errAt("/display_name", "display_name is empty | Give the name people should see")}},
		{name: "spaces", edits: []edit{set("/display_name", `"   "`)}, want: []want{errAt("/display_name", "display_name is empty")}},
		{name: "129 characters", edits: []edit{set("/display_name", `"`+strings.Repeat("d", 129)+`"`)},
			want: []want{errAt("/display_name", "too long: 129 characters, at most 128")}},
		{name: "number", edits: []edit{set("/display_name", `7`)}, want: []want{errAt("/display_name", "must be text")}},
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
		{name: "unknown value", edits: []edit{set("/grant_types", `["client_credentials", "password"]`)},
			want: []want{errAt("/grant_types/1", `"password" is not a valid grant type | Choose from: client_credentials, authorization_code, refresh_token.`)}},
		{name: "two unknown values read apart", edits: []edit{set("/grant_types", `["client_credentials", "password", "implicit"]`)},
			want: []want{errAt("/grant_types/1", `"password"`), errAt("/grant_types/2", `"implicit"`)}},
		{name: "wrong case suggests", edits: []edit{set("/grant_types", `["Client_Credentials"]`)},
			want: []want{errAt("/grant_types"), errAt("/grant_types/0", `Did you mean "client_credentials"?`)}},
		{name: "repeated", edits: []edit{set("/grant_types", `["client_credentials", "client_credentials"]`)},
			want: []want{errAt("/grant_types/1", `"client_credentials" is listed twice`)}},
		{name: "string", edits: []edit{set("/grant_types", `"client_credentials"`)}, want: []want{errAt("/grant_types", "must be a list")}},
		{name: "number element", edits: []edit{set("/grant_types", `[1, "client_credentials"]`)}, want: []want{errAt("/grant_types/0", "must be text")}},
	})
}

// TestAppKinds: RULES.md, "App kinds". The kind is read from grant_types.
func TestAppKinds(t *testing.T) {
	for grants, want := range map[string]AppKind{
		`{}`: Connector, `{"grant_types": []}`: Connector, `{"grant_types": ["client_credentials"]}`: Connector,
		`{"grant_types": ["authorization_code"]}`: WebApp, `{"grant_types": ["refresh_token", "authorization_code"]}`: WebApp,
		`{"grant_types": ["authorization_code", "client_credentials"]}`: Connector, `{"grant_types": ["refresh_token"]}`: Connector,
		`{"grant_types": "authorization_code"}`: Connector,
	} {
		if got := KindOf(decodeOK(t, []byte(grants))); got != want {
			t.Errorf("KindOf(%s) = %s, want %s", grants, got, want)
		}
	}
	const noRedirect = "authorization_code needs at least one redirect URI"
	runRuleCases(t, []ruleCase{
		{name: "connector: empty list", edits: []edit{set("/grant_types", `[]`)},
			want: []want{errAt("/grant_types", `grant_types must include "client_credentials" for a connector, or "authorization_code" for a web app`)}},
		{name: "connector: refresh_token alone", edits: []edit{set("/grant_types", `["refresh_token"]`)},
			want: []want{errAt("/grant_types", `must include "client_credentials"`), warnAt("/grant_types/0", "refresh_token is only useful with authorization_code")}},
		{name: "connector: refresh_token warns at its element", edits: []edit{set("/grant_types", `["client_credentials", "refresh_token"]`)},
			want: []want{warnAt("/grant_types/1", "refresh_token is only useful with authorization_code")}},
		{name: "connector: refresh_token repeated warns once", edits: []edit{set("/grant_types", `["client_credentials", "refresh_token", "refresh_token"]`)},
			want: []want{warnAt("/grant_types/1", "only useful"), errAt("/grant_types/2", "listed twice")}},
		{name: "connector with agent sign-in", edits: []edit{
			set("/grant_types", `["client_credentials", "authorization_code", "refresh_token"]`), set("/redirect_uris", `["https://acme.example.com/cb"]`)}},
		{name: "connector with authorization_code, no redirect", edits: []edit{set("/grant_types", `["client_credentials", "authorization_code"]`)},
			want: []want{errAt("/redirect_uris", noRedirect)}},
		{name: "web app", base: webAppBase},
		{name: "web app: authorization_code alone", base: webAppBase, edits: []edit{set("/grant_types", `["authorization_code"]`)}},
		{name: "web app without redirect_uris", base: webAppBase, edits: []edit{del("/redirect_uris")},
			want: []want{errAt("/redirect_uris", noRedirect+", where LivePerson sends the code after an agent signs in | Add your app's callback address")}},
		{name: "web app: empty redirect_uris", base: webAppBase, edits: []edit{set("/redirect_uris", `[]`)},
			want: []want{errAt("/redirect_uris", noRedirect)}},
		{name: "web app: redirect_uris of the wrong type", base: webAppBase, edits: []edit{set("/redirect_uris", `"https://app.example.com/cb"`)},
			want: []want{errAt("/redirect_uris", "must be a list")}},
		{name: "web app: unknown grant", base: webAppBase, edits: []edit{set("/grant_types", `["authorization_code", "implicit"]`)},
			want: []want{errAt("/grant_types/1", `"implicit" is not a valid grant type`)}},
		{name: "web app: empty list is a connector's", base: webAppBase, edits: []edit{set("/grant_types", `[]`)},
			want: []want{errAt("/grant_types", `must include "client_credentials"`)}},
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
		{name: "128 characters", edits: []edit{set("/scope", `"msg.consumer `+strings.Repeat("a", 115)+`"`)}},
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
		{name: "128 characters", edits: []edit{set("/logo_uri", `"/`+strings.Repeat("a", 127)+`"`)}},
		{name: "129 characters", edits: []edit{set("/logo_uri", `"/`+strings.Repeat("a", 128)+`"`)}, want: []want{errAt("/logo_uri", "at most 128")}},
		{name: "placeholder in a path", edits: []edit{set("/logo_uri", `"/img/{LOGO}.png"`)},
			want: []want{errAt("/logo_uri", "logo_uri still holds the placeholder {LOGO}; put your own value there")}},
		{name: "placeholder host", edits: []edit{set("/logo_uri", `"https://<CDN>/logo.png"`)},
			want: []want{errAt("/logo_uri", "still holds the placeholder <CDN>; put your own host there")}},
		{name: "the guide's host", edits: []edit{set("/logo_uri", `"https://your/logo.png"`)},
			want: []want{warnAt("/logo_uri", `placeholder host "your"`)}},
	})
}

// Later fields

func TestRedirectURIs(t *testing.T) {
	const ru = "/redirect_uris"
	runRuleCases(t, []ruleCase{
		{name: "https", edits: []edit{set(ru, `["https://app.example.com/callback"]`)}},
		{name: "several", edits: []edit{set(ru, `["https://app.example.com/a", "https://app.example.com/b?x=1"]`)}},
		{name: "empty is absent", edits: []edit{set(ru, `[]`)}},
		{name: "http warns", edits: []edit{set(ru, `["http://app.example.com/callback"]`)},
			want: []want{warnAt(ru+"/0", "redirect URI 1: address uses http://; the code would travel unencrypted | Use an https:// address.")}},
		{name: "http to localhost", edits: []edit{set(ru, `["http://localhost/callback", "http://localhost:3000/cb", "http://dev.localhost/cb"]`)}},
		{name: "http to a loopback address", edits: []edit{set(ru, `["http://127.0.0.1:8080/callback", "http://127.1.2.3/cb", "http://[::1]:8080/cb"]`)}},
		{name: "a name that starts with 127. is not loopback", edits: []edit{set(ru, `["http://127.example.com/cb"]`)},
			want: []want{warnAt(ru+"/0", "http://")}},
		{name: "no host", edits: []edit{set(ru, `["https:///callback"]`)}, want: []want{errAt(ru+"/0", "no host")}},
		{name: "scheme only", edits: []edit{set(ru, `["https://"]`)}, want: []want{errAt(ru+"/0", "no host")}},
		{name: "app scheme", edits: []edit{set(ru, `["myapp://callback"]`)}, want: []want{errAt(ru+"/0", "must start with https://")}},
		{name: "relative", edits: []edit{set(ru, `["/callback"]`)}, want: []want{errAt(ru+"/0", "must start with https://")}},
		{name: "repeated", edits: []edit{set(ru, `["https://app.example.com/cb", "https://app.example.com/cb"]`)},
			want: []want{errAt(ru+"/1", `"https://app.example.com/cb" is listed twice`)}},
		{name: "128 characters", edits: []edit{set(ru, `["https://app.example.com/`+strings.Repeat("a", 128-24)+`"]`)}},
		{name: "129 characters", edits: []edit{set(ru, `["https://app.example.com/`+strings.Repeat("a", 129-24)+`"]`)},
			want: []want{errAt(ru+"/0", "too long: 129 characters, at most 128")}},
		{name: "placeholder", edits: []edit{set(ru, `["https://{YOUR_APPLICATION_DOMAIN}/callback"]`)},
			want: []want{errAt(ru+"/0", "still holds the placeholder {YOUR_APPLICATION_DOMAIN}; put your own host there")}},
		{name: "placeholder path in http", edits: []edit{set(ru, `["http://app.example.com/{CALLBACK_PATH}"]`)},
			want: []want{errAt(ru+"/0", "still holds the placeholder {CALLBACK_PATH}; put your own value there")}},
		{name: "the guide's host", edits: []edit{set(ru, `["https://your/callback"]`)}, want: []want{warnAt(ru+"/0", `placeholder host "your"`)}},
		{name: "a long list", edits: []edit{set(ru, jsonList(40, `"https://a.example.com/%d"`, ""))}},
		{name: "a long list with a repeat", edits: []edit{set(ru, jsonList(40, `"https://a.example.com/%d"`, `"https://a.example.com/7"`))},
			want: []want{errAt(ru+"/40", `redirect URI 41: "https://a.example.com/7" is listed twice`)}},
		{name: "two bad entries read apart", edits: []edit{set(ru, `["https:///a", "https:///b"]`)},
			want: []want{errAt(ru+"/0", "redirect URI 1: "), errAt(ru+"/1", "redirect URI 2: ")}},
		{name: "not a list", edits: []edit{set(ru, `"https://app.example.com/cb"`)}, want: []want{errAt(ru, "redirect_uris must be a list")}},
		{name: "number element", edits: []edit{set(ru, `[1]`)}, want: []want{errAt(ru+"/0", "must be text")}},
	})
}

func TestResponseTypes(t *testing.T) {
	const rt = "/response_types"
	runRuleCases(t, []ruleCase{
		{name: "code", edits: []edit{set(rt, `["code"]`)}},
		{name: "every value", edits: []edit{set(rt, `["code", "token", "id_token", "id_token token"]`)}},
		{name: "empty is absent", edits: []edit{set(rt, `[]`)}},
		{name: "unknown", edits: []edit{set(rt, `["code id_token"]`)},
			want: []want{errAt(rt+"/0", `"code id_token" is not a valid response type | Choose from: code, token, id_token, id_token token.`)}},
		{name: "wrong case suggests", edits: []edit{set(rt, `["Code"]`)}, want: []want{errAt(rt+"/0", `Did you mean "code"?`)}},
		{name: "repeated", edits: []edit{set(rt, `["code", "token", "code"]`)}, want: []want{errAt(rt+"/2", `"code" is listed twice`)}},
		{name: "string", edits: []edit{set(rt, `"code"`)}, want: []want{errAt(rt, "must be a list")}},
		{name: "number element", edits: []edit{set(rt, `[1]`)}, want: []want{errAt(rt+"/0", "must be text")}},
	})
}

func TestQuickLaunch(t *testing.T) {
	const needsEntry = "quick launch is on, so entry_uri is required"
	runRuleCases(t, []ruleCase{
		{name: "on, with entry_uri", base: webAppBase},
		{name: "on, without entry_uri", base: webAppBase, edits: []edit{del("/entry_uri")},
			want: []want{errAt("/entry_uri", needsEntry+": it is the address the menu opens | Enter your app's start address")}},
		{name: "on, entry_uri left empty", base: webAppBase, edits: []edit{set("/entry_uri", `""`)},
			want: []want{errAt("/entry_uri", needsEntry)}},
		{name: "on, entry_uri of the wrong type", base: webAppBase, edits: []edit{set("/entry_uri", `5`)},
			want: []want{errAt("/entry_uri", "must be text")}},
		{name: "off, without entry_uri", base: webAppBase, edits: []edit{set("/quick_launch_enabled", `false`), del("/entry_uri")}},
		{name: "missing", base: webAppBase, edits: []edit{del("/quick_launch_enabled"), del("/entry_uri")}},
		{name: "on, in a connector", edits: []edit{set("/quick_launch_enabled", `true`)}, want: []want{errAt("/entry_uri", needsEntry)}},
		{name: "text", base: webAppBase, edits: []edit{set("/quick_launch_enabled", `"true"`), del("/entry_uri")},
			want: []want{errAt("/quick_launch_enabled", "quick_launch_enabled must be true or false")}},
	})
}

func TestEntryURI(t *testing.T) {
	const eu = "/entry_uri"
	runRuleCases(t, []ruleCase{
		{name: "https", edits: []edit{set(eu, `"https://app.example.com/start?x=1"`)}},
		{name: "empty is absent", edits: []edit{set(eu, `""`)}},
		{name: "http", edits: []edit{set(eu, `"http://app.example.com/start"`)}, want: []want{errAt(eu, "entry_uri must start with https://")}},
		{name: "http to localhost", edits: []edit{set(eu, `"http://localhost/start"`)}, want: []want{errAt(eu, "must start with https://")}},
		{name: "no host", edits: []edit{set(eu, `"https:///start"`)}, want: []want{errAt(eu, "no host")}},
		{name: "relative", edits: []edit{set(eu, `"/start"`)}, want: []want{errAt(eu, "must start with https://")}},
		{name: "space", edits: []edit{set(eu, `"https://app.example.com/my start"`)}, want: []want{errAt(eu, "space")}},
		{name: "1024 characters", edits: []edit{set(eu, `"https://app.example.com/`+strings.Repeat("a", 1024-24)+`"`)}},
		{name: "1025 characters", edits: []edit{set(eu, `"https://app.example.com/`+strings.Repeat("a", 1025-24)+`"`)},
			want: []want{errAt(eu, "too long: 1025 characters, at most 1024")}},
		{name: "placeholder", edits: []edit{set(eu, `"https://{YOUR_APPLICATION_DOMAIN}/appentry"`)},
			want: []want{errAt(eu, "entry_uri still holds the placeholder {YOUR_APPLICATION_DOMAIN}; put your own host there")}},
		{name: "the guide's host", edits: []edit{set(eu, `"https://your/appentry"`)}, want: []want{warnAt(eu, `placeholder host "your"`)}},
		{name: "number", edits: []edit{set(eu, `1`)}, want: []want{errAt(eu, "must be text")}},
	})
}

func TestEnabled(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "true", edits: []edit{set("/enabled", `true`)}},
		{name: "false", edits: []edit{set("/enabled", `false`)}},
		{name: "text", edits: []edit{set("/enabled", `"true"`)}, want: []want{errAt("/enabled", "enabled must be true or false")}},
		{name: "number", edits: []edit{set("/enabled", `1`)}, want: []want{errAt("/enabled", "true or false")}},
		{name: "null", edits: []edit{set("/enabled", `null`)}, want: []want{errAt("/enabled", "true or false")}},
	})
}

func TestEnabledForProfiles(t *testing.T) {
	const ep = "/enabled_for_profiles"
	runRuleCases(t, []ruleCase{
		{name: "one", edits: []edit{set(ep, `[1]`)}},
		{name: "several", edits: []edit{set(ep, `[1, 2, 3000000]`)}},
		{name: "whole floats", edits: []edit{set(ep, `[2.0, 3e0]`)}},
		{name: "beyond int64", edits: []edit{set(ep, `[1e30]`)}},
		{name: "empty is absent", edits: []edit{set(ep, `[]`)}},
		{name: "0", edits: []edit{set(ep, `[0]`)}, want: []want{errAt(ep+"/0", "profile 1: profile id is 0, less than 1 | Use a whole number of 1 or more")}},
		{name: "-1", edits: []edit{set(ep, `[-1]`)}, want: []want{errAt(ep+"/0", "profile id is -1, less than 1")}},
		{name: "-0", edits: []edit{set(ep, `[-0]`)}, want: []want{errAt(ep+"/0", "less than 1")}},
		{name: "1.5", edits: []edit{set(ep, `[1.5]`)}, want: []want{errAt(ep+"/0", "profile id must be a whole number: 1.5 is not")}},
		{name: `"2"`, edits: []edit{set(ep, `["2"]`)}, want: []want{errAt(ep+"/0", `profile id is the text "2", not a number | Write the number without quotes.`)}},
		{name: "true", edits: []edit{set(ep, `[true]`)}, want: []want{errAt(ep+"/0", "profile id must be a whole number, not true or false")}},
		{name: "repeated", edits: []edit{set(ep, `[1, 2, 1]`)}, want: []want{errAt(ep+"/2", "profile 3: 1 is listed twice")}},
		{name: "1 and 1.0 are one value", edits: []edit{set(ep, `[1, 1.0]`)}, want: []want{errAt(ep+"/1", "1.0 is listed twice")}},
		{name: "a long list", edits: []edit{set(ep, jsonList(40, "%d", ""))}},
		{name: "a long list with a wrong value", edits: []edit{set(ep, jsonList(40, "%d", "true"))}, want: []want{errAt(ep+"/40", "not true or false")}},
		{name: "a long list with a repeat", edits: []edit{set(ep, jsonList(40, "%d", "1.0"))}, want: []want{errAt(ep+"/40", "profile 41: 1.0 is listed twice")}},
		{name: "two bad entries read apart", edits: []edit{set(ep, `[0, 0.5]`)},
			want: []want{errAt(ep+"/0", "profile 1: "), errAt(ep+"/1", "profile 2: ")}},
		{name: "not a list", edits: []edit{set(ep, `1`)}, want: []want{errAt(ep, "enabled_for_profiles must be a list")}},
	})
}

// jsonList is the JSON list of the values format gives 1 to n, then more
// when it is not "": long lists are checked another way than short ones.
func jsonList(n int, format, more string) string {
	var list []string
	for i := 1; i <= n; i++ {
		list = append(list, fmt.Sprintf(format, i))
	}
	if more != "" {
		list = append(list, more)
	}
	return "[" + strings.Join(list, ", ") + "]"
}

// capabilities.webhooks

func TestCapabilities(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "missing", edits: []edit{del("/capabilities")}},
		{name: "empty", edits: []edit{set("/capabilities", `{}`)}},
		{name: "empty webhooks only", edits: []edit{set("/capabilities", `{"webhooks": {}}`)}},
		{name: "empty parts", edits: []edit{set("/capabilities", `{"webhooks": {}, "engagement": {}}`)}, want: engagementMissing()},
		{name: "list", edits: []edit{set("/capabilities", `[]`)}, want: []want{errAt("/capabilities", "must be an object")}},
		{name: "unknown key", edits: []edit{set("/capabilities/chat", `true`)}, want: []want{warnAt("/capabilities/chat", `unknown field "chat"`)}},
	})
}

func TestWebhooks(t *testing.T) {
	const legacy = webhooksAt + LegacyExConversationEvent
	const cqm = webhooksAt + "cqm.ExConversationChangeNotification"
	runRuleCases(t, []ruleCase{
		{name: "empty is valid", edits: []edit{set("/capabilities/webhooks", `{}`)}},
		{name: "all five", edits: []edit{
			set(webhooksAt+"ms.MessagingEventNotification.RichContentEvent", `{"endpoint": "https://a"}`),
			set(webhooksAt+"ms.MessagingEventNotification.AcceptStatusEvent", `{"endpoint": "https://a"}`),
			set(webhooksAt+"ms.MessagingEventNotification.ChatStateEvent", `{"endpoint": "https://a"}`)}},
		{name: "list", edits: []edit{set("/capabilities/webhooks", `[]`)}, want: []want{errAt("/capabilities/webhooks", "must be an object")}},
		{name: "typo in event type", edits: []edit{set(webhooksAt+"ms.MessagingEventNotification.ContentEvents", `{"endpoint": "https://a"}`)},
			want: []want{errAt(webhooksAt+"ms.MessagingEventNotification.ContentEvents", `unknown event type "ms.MessagingEventNotification.ContentEvents" | Did you mean "ms.MessagingEventNotification.ContentEvent"?`)}},
		{name: "short event name", edits: []edit{set(webhooksAt+"ChatStateEvent", `{"endpoint": "https://a"}`)},
			want: []want{errAt(webhooksAt+"ChatStateEvent", `Did you mean "ms.MessagingEventNotification.ChatStateEvent"?`)}},
		{name: "unknown event type", edits: []edit{set(webhooksAt+"foo", `{}`)},
			want: []want{errAt(webhooksAt+"foo", `unknown event type "foo" | Use one of: retry, ms.MessagingEventNotification.ContentEvent, `)}},
		{name: "legacy name warns", edits: []edit{del(cqm), set(legacy, `{"endpoint": "https://a"}`)},
			want: []want{warnAt(legacy, "Rename it to cqm.ExConversationChangeNotification")}},
		{name: "legacy name is checked as a webhook", edits: []edit{del(cqm), set(legacy, `{"endpoint": "http://a"}`)},
			want: []want{warnAt(legacy), errAt(legacy+"/endpoint", "ExConversationChangeNotification webhook: endpoint must start with https://")}},
		{name: "both spellings", edits: []edit{set(legacy, `{"endpoint": "https://a"}`)},
			want: []want{errAt(legacy, "listed twice: here under its old name, and as cqm.ExConversationChangeNotification")}},
		{name: "both spellings, the new one empty", edits: []edit{set(cqm, `{}`), set(legacy, `{"endpoint": "https://a"}`)},
			want: []want{errAt(cqm+"/endpoint", "endpoint is required"), errAt(legacy, "listed twice")}},
		{name: "webhook is a string", edits: []edit{set(wh, `"https://a"`)}, want: []want{errAt(wh, "must be an object")}},
		{name: "empty webhook", edits: []edit{set(wh, `{}`)},
			want: []want{errAt(wh+"/endpoint", "ContentEvent webhook: endpoint is required | Enter the https:// address")}},
		{name: "webhook with empty headers only", edits: []edit{set(wh, `{"headers": []}`)}, want: []want{errAt(wh+"/endpoint", "endpoint is required")}},
		{name: "webhook without endpoint", edits: []edit{set(wh, `{"max_retries": 1}`)}, want: []want{errAt(wh+"/endpoint", "endpoint is required")}},
		{name: "unknown webhook key", edits: []edit{set(wh+"/endpont", `"x"`)},
			want: []want{warnAt(wh+"/endpont", `ContentEvent webhook: unknown field "endpont" | Did you mean "endpoint"?`)}},
	})
}

func TestRetryPolicy(t *testing.T) {
	const retry = webhooksAt + "retry"
	const rt = retry + "/retention_time"
	const ignored = "max_retries is ignored while the retry policy's retention_time is set"
	chat := webhooksAt + "ms.MessagingEventNotification.ChatStateEvent"
	policy := func(json string) edit { return set(retry, json) }
	noRetries := set(wh+"/max_retries", `0`)
	runRuleCases(t, []ruleCase{
		{name: "one day", edits: []edit{policy(`{"retention_time": 86400}`), noRetries}},
		{name: "without max_retries", edits: []edit{policy(`{"retention_time": 86400}`), del(wh + "/max_retries")}},
		{name: "2 seconds", edits: []edit{policy(`{"retention_time": 2}`), noRetries}},
		{name: "3 days", edits: []edit{policy(`{"retention_time": 259200}`), noRetries}},
		{name: "whole float", edits: []edit{policy(`{"retention_time": 8.64e4}`), noRetries}},
		{name: "1 second", edits: []edit{policy(`{"retention_time": 1}`), noRetries},
			want: []want{errAt(rt, "retry policy: retention_time is 1, less than 2 | Use a whole number of seconds from 2 to 259200")}},
		{name: "3 days and a second", edits: []edit{policy(`{"retention_time": 259201}`), noRetries},
			want: []want{errAt(rt, "retention_time is 259201, more than 259200")}},
		{name: "fraction", edits: []edit{policy(`{"retention_time": 2.5}`), noRetries},
			want: []want{errAt(rt, "retention_time must be a whole number: 2.5 is not")}},
		{name: "text", edits: []edit{policy(`{"retention_time": "86400"}`), noRetries},
			want: []want{errAt(rt, `retention_time is the text "86400", not a number`)}},
		{name: "null", edits: []edit{policy(`{"retention_time": null}`), noRetries}, want: []want{errAt(rt, "must be a whole number, not null")}},
		{name: "empty", edits: []edit{policy(`{}`), noRetries}, want: []want{errAt(rt, "retention_time is required")}},
		{name: "not an object", edits: []edit{policy(`86400`), noRetries}, want: []want{errAt(retry, "retry must be an object")}},
		{name: "other keys warn", edits: []edit{policy(`{"retention_time": 86400, "max_age": 5}`), noRetries},
			want: []want{warnAt(retry+"/max_age", `unknown field "max_age"`)}},
		{name: "max_retries 3 is ignored", edits: []edit{policy(`{"retention_time": 86400}`)},
			want: []want{warnAt(wh+"/max_retries", "ContentEvent webhook: "+ignored+" | Remove max_retries, or set it to 0")}},
		{name: "max_retries 1 and 5", edits: []edit{policy(`{"retention_time": 86400}`), set(wh+"/max_retries", `1`), set(chat, `{"endpoint": "https://a", "max_retries": 5}`)},
			want: []want{warnAt(wh+"/max_retries", "ContentEvent webhook: "+ignored), warnAt(chat+"/max_retries", "ChatStateEvent webhook: "+ignored)}},
		{name: "max_retries 3.0 is 3", edits: []edit{policy(`{"retention_time": 86400}`), set(wh+"/max_retries", `3.0`)},
			want: []want{warnAt(wh+"/max_retries", ignored)}},
		{name: "max_retries out of range is only an error", edits: []edit{policy(`{"retention_time": 86400}`), set(wh+"/max_retries", `9`)},
			want: []want{errAt(wh+"/max_retries", "more than 5")}},
		{name: "legacy webhook's max_retries", edits: []edit{policy(`{"retention_time": 86400}`), noRetries,
			del(webhooksAt + "cqm.ExConversationChangeNotification"), set(webhooksAt+LegacyExConversationEvent, `{"endpoint": "https://a", "max_retries": 2}`)},
			want: []want{warnAt(webhooksAt + LegacyExConversationEvent), warnAt(webhooksAt+LegacyExConversationEvent+"/max_retries", ignored)}},
		{name: "without a policy max_retries counts", edits: []edit{set(wh+"/max_retries", `5`)}},
	})
	doc := applyEdits(t, baseManifest(t), []edit{policy(`{"retention_time": 86400}`)})
	for _, p := range Validate(doc) {
		if strings.Contains(p.Message, "event type") {
			t.Errorf("retry taken for an event type: %+v", p)
		}
	}
}

func TestEndpoint(t *testing.T) {
	ep := wh + "/endpoint"
	runRuleCases(t, []ruleCase{
		{name: "port, query, fragment", edits: []edit{set(ep, `"https://h.example.com:8443/x?y=1&z=2#f"`)}},
		{name: "guide's warns", edits: []edit{set(ep, `"https://your/webhooks/endpoint"`)},
			want: []want{warnAt(ep, `ContentEvent webhook: endpoint still has the guide's placeholder host "your" (https://your/webhooks/endpoint)`)}},
		{name: "guide's in capitals", edits: []edit{set(ep, `"https://YOUR/webhooks"`)}, want: []want{warnAt(ep, "your")}},
		{name: "a host that starts with your", edits: []edit{set(ep, `"https://yours.example.com/webhooks"`)}},
		{name: "missing", edits: []edit{del(ep)}, want: []want{errAt(ep, "endpoint is required")}},
		{name: "empty", edits: []edit{set(ep, `""`)}, want: []want{errAt(ep, "must start with https://")}},
		{name: "http", edits: []edit{set(ep, `"http://h.example.com"`)},
			want: []want{errAt(ep, "ContentEvent webhook: endpoint must start with https:// | LiveEngage connects only over HTTPS")}},
		{name: "http to localhost", edits: []edit{set(ep, `"http://localhost/webhooksAt"`)}, want: []want{errAt(ep, "must start with https://")}},
		{name: "upper case", edits: []edit{set(ep, `"HTTPS://h.example.com"`)}, want: []want{errAt(ep, "lowercase")}},
		{name: "no host", edits: []edit{set(ep, `"https://"`)}, want: []want{errAt(ep, "no host")}},
		{name: "empty host", edits: []edit{set(ep, `"https:///webhooksAt"`)}, want: []want{errAt(ep, "no host")}},
		{name: "space", edits: []edit{set(ep, `"https://h.example.com/my hook"`)}, want: []want{errAt(ep, "space")}},
		{name: "ftp", edits: []edit{set(ep, `"ftp://h.example.com"`)}, want: []want{errAt(ep)}},
		{name: "placeholder host", edits: []edit{set(ep, `"https://{YOUR_DOMAIN}/webhooks"`)},
			want: []want{errAt(ep, "ContentEvent webhook: endpoint still holds the placeholder {YOUR_DOMAIN}; put your own host there | Replace {YOUR_DOMAIN} with your own host")}},
		{name: "placeholder path", edits: []edit{set(ep, `"https://h.example.com/<PATH>"`)},
			want: []want{errAt(ep, "still holds the placeholder <PATH>; put your own value there")}},
		{name: "placeholder in http", edits: []edit{set(ep, `"http://{HOST}/x"`)}, want: []want{errAt(ep, "placeholder {HOST}")}},
		{name: "a lone brace", edits: []edit{set(ep, `"https://h.example.com/{x"`)}},
		{name: "2049 characters", edits: []edit{set(ep, `"https://h.example.com/`+strings.Repeat("a", 2049-22)+`"`)},
			want: []want{errAt(ep, "at most 2048")}},
		{name: "2048 characters", edits: []edit{set(ep, `"https://h.example.com/`+strings.Repeat("a", 2048-22)+`"`)}},
		{name: "number", edits: []edit{set(ep, `5`)}, want: []want{errAt(ep, "must be text")}},
	})
}

// TestMaxRetries: each way of being wrong has its own message.
func TestMaxRetries(t *testing.T) {
	mr := wh + "/max_retries"
	valid := []string{"0", "3", "5", "3.0", "5e0", "30e-1", "0.5e1", "-0", "0.0e10", "0.000001e6"}
	invalid := map[string]string{
		`"3"`:                   `max_retries is the text "3", not a number | Write the number without quotes.`,
		"2.5":                   "max_retries must be a whole number: 2.5 is not",
		"0.0000011e6":           "max_retries must be a whole number: 0.0000011e6 is not",
		"5.0000000000000000001": "max_retries must be a whole number: 5.0000000000000000001 is not",
		"-1":                    "max_retries is -1, less than 0",
		"-1e2":                  "max_retries is -1e2, less than 0",
		"6":                     "max_retries is 6, more than 5",
		"1e400":                 "max_retries is 1e400, more than 5",
		"null":                  "max_retries must be a whole number, not null",
		"true":                  "max_retries must be a whole number, not true or false",
		"[3]":                   "max_retries must be a whole number, not a list",
		`"three"`:               "max_retries must be a whole number, not text",
	}
	var cases []ruleCase
	for _, v := range valid {
		cases = append(cases, ruleCase{name: v, edits: []edit{set(mr, v)}})
	}
	for v, msg := range invalid {
		cases = append(cases, ruleCase{name: v, edits: []edit{set(mr, v)},
			want: []want{errAt(mr, "ContentEvent webhook: ", msg)}})
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
		{name: "string element", edits: []edit{set(hs, `["Authorization: x"]`)}, want: []want{errAt(hs+"/0", "header 1: header must be an object")}},
		{name: "empty header", edits: []edit{set(hs, `[{}]`)},
			want: []want{errAt(hs+"/0/header_name", "header_name is required"), errAt(hs+"/0/header_value", "header_value is required")}},
		{name: "same name twice, any case", edits: []edit{set(hs, `[{"header_name": "X-Key", "header_value": "a"}, {"header_name": "x-key", "header_value": "b"}]`)},
			want: []want{warnAt(hs+"/1/header_name", `ContentEvent webhook, header 2: the header "x-key" is set twice`)}},
		{name: "same name in two webhooks", edits: []edit{
			set(webhooksAt+"cqm.ExConversationChangeNotification/headers", `[{"header_name": "Authorization", "header_value": "a"}]`)}},
		{name: "two bad headers read apart", edits: []edit{set(hs, `[{"header_name": "A B", "header_value": "x"}, {"header_name": "A B", "header_value": "y"}]`)},
			want: []want{errAt(hs+"/0/header_name", "ContentEvent webhook, header 1: header_name \"A B\" contains ' '"),
				errAt(hs+"/1/header_name", "ContentEvent webhook, header 2: header_name \"A B\" contains ' '"),
				warnAt(hs+"/1/header_name", "header 2: the header \"A B\" is set twice")}},
		{name: "the guide's NAME: VALUE", edits: []edit{set(hs, `[{"header_name": "NAME", "header_value": "VALUE"}]`)},
			want: []want{warnAt(hs+"/0", "ContentEvent webhook, header 1: this header is the guide's example, NAME: VALUE | Put the header your server expects")}},
		{name: "NAME with a real value", edits: []edit{set(hs, `[{"header_name": "NAME", "header_value": "secret"}]`)}},
		{name: "NAME: VALUE with more", edits: []edit{set(hs, `[{"header_name": "NAME", "header_value": "VALUE", "note": 1}]`)},
			want: []want{warnAt(hs+"/0/note", `unknown field "note"`)}},
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
		{name: "missing", edits: []edit{del(hn)}, want: []want{errAt(hn, "header_name is required")}},
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

// capabilities.engagement

// engagementMissing is every engagement key reported missing, in order.
func engagementMissing(except ...string) []want {
	var missing []want
	for _, f := range engagementField.fields {
		if !strings.Contains(strings.Join(except, " "), f.key) {
			missing = append(missing, errAt(eng+"/"+f.key, f.key+" is required"))
		}
	}
	return missing
}

func TestEngagement(t *testing.T) {
	if n := len(engagementMissing()); n != 8 {
		t.Fatalf("engagement has %d keys, RULES.md lists 8", n)
	}
	runRuleCases(t, []ruleCase{
		{name: "missing", edits: []edit{del(eng)}},
		{name: "empty", edits: []edit{set(eng, `{}`)}, want: engagementMissing()},
		{name: "every key required once started", edits: []edit{set(eng, `{"goal": ["lead"]}`)}, want: engagementMissing("goal")},
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
		{name: "missing", edits: []edit{del(ep)}, want: []want{errAt(ep, "entry_point is required")}},
	})
}

func TestEngagementLists(t *testing.T) {
	for _, key := range []string{"visitor_behavior", "target_audience", "goal"} {
		t.Run(key, func(t *testing.T) {
			p := eng + "/" + key
			all := `["` + strings.Join(optionList(optionsAt(t, p)), `", "`) + `"]`
			runRuleCases(t, []ruleCase{
				{name: "every option", edits: []edit{set(p, all)}},
				{name: "empty", edits: []edit{set(p, `[]`)}},
				{name: "unknown", edits: []edit{set(p, `["nope"]`)}, want: []want{errAt(p+"/0", `"nope" is not a valid `+key+" value")}},
				{name: "repeated", edits: []edit{set(p, all[:len(all)-1]+`, "`+optionsAt(t, p)[0].Value+`"]`)},
					want: []want{errAt(p+"/"+strconv.Itoa(len(optionsAt(t, p))), "is listed twice")}},
				{name: "number", edits: []edit{set(p, `[1]`)}, want: []want{errAt(p+"/0", "must be text")}},
				{name: "string", edits: []edit{set(p, `"`+optionsAt(t, p)[0].Value+`"`)}, want: []want{errAt(p, "must be a list")}},
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

// Parsing: unknown keys

func TestUnknownFields(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "later fields are known", edits: []edit{set("/display_name", `"A"`), set("/redirect_uris", `["https://a.example.com/cb"]`),
			set("/response_types", `["code"]`), set("/quick_launch_enabled", `false`), set("/entry_uri", `"https://a.example.com/start"`),
			set("/enabled", `true`), set("/enabled_for_profiles", `[1]`), set("/client_name#de", `"A"`),
			set(webhooksAt+"retry", `{"retention_time": 60}`), set(wh+"/max_retries", `0`)}},
		{name: "typo", edits: []edit{set("/client_nme", `"A"`)}, want: []want{warnAt("/client_nme", `Did you mean "client_name"?`)}},
		{name: "typo of a later field", edits: []edit{set("/redirect_uri", `["https://a.example.com/cb"]`)},
			want: []want{warnAt("/redirect_uri", `unknown field "redirect_uri" | Did you mean "redirect_uris"?`)}},
		{name: "case", edits: []edit{set("/Scope", `"A"`)}, want: []want{warnAt("/Scope", `Did you mean "scope"?`)}},
		{name: "swapped letters", edits: []edit{set("/scpoe", `"A"`)}, want: []want{warnAt("/scpoe", `Did you mean "scope"?`)}},
		{name: "no suggestion", edits: []edit{set("/zzz", `1`)}, want: []want{warnAt("/zzz", `unknown field "zzz" | It is kept as it is, but not checked`)}},
		{name: "escaped pointer", edits: []edit{set("/a~1b~0c", `1`)}, want: []want{warnAt("/a~1b~0c", `unknown field "a/b~c"`)}},
	})
}

// Problems

// TestMessagesNameTheirPlace: two webhooks with the same fault give two
// lines that say which webhook each is about (issue 8).
func TestMessagesNameTheirPlace(t *testing.T) {
	chat := webhooksAt + "ms.MessagingEventNotification.ChatStateEvent"
	doc := applyEdits(t, baseManifest(t), []edit{set(wh+"/endpoint", `"http://a.example.com"`), set(chat, `{"endpoint": "http://a.example.com"}`)})
	got := Validate(doc)
	assertProblems(t, got, []want{errAt(wh + "/endpoint"), errAt(chat + "/endpoint")})
	if got[0].Message != "ContentEvent webhook: endpoint must start with https://" ||
		got[1].Message != "ChatStateEvent webhook: endpoint must start with https://" {
		t.Errorf("messages %q, %q", got[0].Message, got[1].Message)
	}
}

// TestInvalidUTF8InADocument: a Document built by code, such as from a
// posted form, can hold bytes that are not UTF-8; the field that holds them
// is an error, and nothing is replaced (JSON text cannot carry such
// bytes, so the schema has no say here).
func TestInvalidUTF8InADocument(t *testing.T) {
	for _, ptr := range []string{"/client_name", "/client_name#de", "/description", "/display_name", "/redirect_uris/0",
		wh + "/endpoint", wh + "/headers/0/header_value", eng + "/goal/0"} {
		doc := baseManifest(t)
		mustSet(t, &doc, ptr, "Caf\xe9 \xff")
		got := Validate(doc)
		assertProblems(t, got, []want{errAt(ptr, "holds bytes that are not UTF-8 text")})
		if !utf8.ValidString(got[0].Message) || strings.ContainsRune(got[0].Message, utf8.RuneError) {
			t.Errorf("%s: message %q", ptr, got[0].Message)
		}
		if v, _ := doc.Get(ptr); v != "Caf\xe9 \xff" {
			t.Errorf("%s: the value became %q", ptr, v)
		}
	}
}

// TestProblemsInCanonicalOrder: problems follow the canonical form, not the
// order of the keys in the file.
func TestProblemsInCanonicalOrder(t *testing.T) {
	doc := decodeOK(t, []byte(`{
		"zzz": 1,
		"enabled": "yes",
		"capabilities": {"engagement": {"goal": ["x"]}, "webhooks": {"bad": {}, "ms.MessagingEventNotification.ChatStateEvent": {"max_retries": 9, "endpoint": "http://a"},
			"retry": {"retention_time": 1}}},
		"scope": "x",
		"redirect_uris": ["ftp://a"],
		"display_name": "",
		"client_name#x_y": "n",
		"grant_types": ["x"]
	}`))
	got := Validate(doc)
	var paths []string
	for _, p := range got {
		paths = append(paths, p.Path)
	}
	chat := webhooksAt + "ms.MessagingEventNotification.ChatStateEvent"
	want := []string{"/client_name", "/client_name#x_y", "/display_name", "/grant_types", "/grant_types/0", "/redirect_uris/0", "/scope",
		webhooksAt + "retry/retention_time", chat + "/endpoint", chat + "/max_retries", webhooksAt + "bad",
		eng + "/design_engagement", eng + "/design_window", eng + "/entry_point", eng + "/visitor_behavior",
		eng + "/target_audience", eng + "/goal/0", eng + "/consumer_identity", eng + "/language_selection", "/enabled", "/zzz"}
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
		{"retry", &Object{Members: []Member{{"retention_time", int64(60)}}}},
		{contentEvent, &Object{Members: []Member{{"endpoint", "https://a"}, {"max_retries", 3}}}},
		{"ms.MessagingEventNotification.ChatStateEvent", &Object{Members: []Member{{"endpoint", "https://a"}, {"max_retries", 2.5}}}},
	}}}}})
	doc.Root.Set("enabled_for_profiles", []any{1, uint8(2), float32(3.5)})
	got := Validate(doc)
	assertProblems(t, got, []want{errAt("/client_name"), errAt("/grant_types"),
		errAt(webhooksAt + "ms.MessagingEventNotification.ChatStateEvent/max_retries"), warnAt(wh+"/max_retries", "ignored"),
		errAt("/enabled_for_profiles/2", "3.5")})
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
