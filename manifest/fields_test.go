package manifest

import "testing"

func TestFieldPlace(t *testing.T) {
	hook := "/capabilities/webhooks/" + contentEvent
	for ptr, want := range map[string]string{
		"/client_name":                                "App name",
		"/client_name#ja-Jpan-JP":                     "Localized name (ja-Jpan-JP)",
		hook + "/endpoint":                            "ContentEvent webhook › Endpoint",
		hook + "/headers/1/header_value":              "ContentEvent webhook › header 2 › Value",
		"/capabilities/webhooks/retry/retention_time": "retry policy › Retention time",
		"/redirect_uris/0":                            "Redirect URI",
		"/nope":                                       "/nope",
	} {
		if got := FieldPlace(ptr); got != want {
			t.Errorf("FieldPlace(%s) = %q, want %q", ptr, got, want)
		}
	}
}

func TestMaskSecrets(t *testing.T) {
	doc := decodeOK(t, []byte(`{"client_name": "VALUE", "capabilities": {"webhooks": {"`+contentEvent+`": {"endpoint": "https://a.example",
		"headers": [{"header_name": "Authorization", "header_value": "Bearer x"}, {"header_name": "X", "header_value": ""}]}}}}`))
	masked := MaskSecrets(doc)
	if v, _ := masked.Get("/capabilities/webhooks/" + Pointer(contentEvent)[1:] + "/headers/0/header_value"); v != SecretMask {
		t.Errorf("header value shown: %v", v)
	}
	if v, _ := masked.Get("/capabilities/webhooks/" + Pointer(contentEvent)[1:] + "/headers/1/header_value"); v != "" {
		t.Errorf("an empty value is masked: %v", v)
	}
	if v, _ := doc.Get("/capabilities/webhooks/" + Pointer(contentEvent)[1:] + "/headers/0/header_value"); v != "Bearer x" {
		t.Errorf("the original changed: %v", v)
	}
	if v, _ := masked.Get("/client_name"); v != "VALUE" {
		t.Errorf("client_name masked: %v", v)
	}
}
