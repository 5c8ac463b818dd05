package manifest

import (
	"reflect"
	"testing"
)

// FuzzJSONTextCandidateAgrees: what Decode accepts, the candidate decodes to
// the same document with the same duplicate-key problems, so that the
// benchmarks compare equal work.
func FuzzJSONTextCandidateAgrees(f *testing.F) {
	for _, data := range corpusInputs(f) {
		f.Add(data)
	}
	f.Add([]byte(`{"a":1,"a":{"b":1,"b":2},"c":[{"d":1,"d":2}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, problems := Decode(data)
		if doc.Root == nil {
			return
		}
		candidate, candidateProblems := decodeJSONText(data)
		if !doc.Equal(candidate) || !reflect.DeepEqual(problems, candidateProblems) {
			t.Fatalf("%q:\n%v\n%v", data, problems, candidateProblems)
		}
	})
}
