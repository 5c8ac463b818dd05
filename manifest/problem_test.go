package manifest

import (
	"bytes"
	"encoding/json"
	"testing"
)

// AppendJSON writes what encoding/json writes, for every corpus manifest's
// report and for text that needs escaping.
func TestReportAppendJSON(t *testing.T) {
	reports := []Report{
		NewReport("", nil),
		NewReport("a \"file\".json", []Problem{{Path: "/a~1b", Severity: SeverityError, Message: "line 1\n\t<b>&\u2028", Hint: "é 😀 \\"}}),
	}
	for name, doc := range corpusDocs(t) {
		reports = append(reports, NewReport(name, Validate(doc)))
	}
	for _, r := range reports {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		if got := r.AppendJSON(nil); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("got  %s\nwant %s", got, want.Bytes())
		}
	}
}
