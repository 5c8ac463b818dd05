package manifest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodeValidateFormat is seeded with the test corpus, plus the edge
// cases and past failures kept in testdata/fuzz/FuzzDecodeValidateFormat.
// Whatever the bytes, nothing panics; and when
// they decode to a clean Document, its canonical form decodes cleanly, is a
// fixed point of Format, holds as many values, and has the same validity.
func FuzzDecodeValidateFormat(f *testing.F) {
	files, _ := filepath.Glob("testdata/corpus/*.json")
	files = append(files, "testdata/guide-example.json")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _ := Check(data)
		if doc.Root == nil {
			return
		}
		if _, decodeProblems := Decode(data); len(decodeProblems) > 0 {
			Format(doc) // must not panic on a document with duplicate keys either
			return
		}
		formatted := Format(doc)
		again, problems := Decode(formatted)
		if len(problems) > 0 || again.Root == nil {
			t.Fatalf("Format output does not decode: %v\n%s", problems, formatted)
		}
		if twice := Format(again); !bytes.Equal(formatted, twice) {
			t.Fatalf("Format is not idempotent:\n%s\n%s", formatted, twice)
		}
		if before, after := len(pointersOf(doc.Root, "")), len(pointersOf(again.Root, "")); before != after {
			t.Fatalf("Format dropped or added content: %d values, then %d:\n%s\n%s", before, after, data, formatted)
		}
		if HasErrors(Validate(doc)) != HasErrors(Validate(again)) {
			t.Fatalf("Format changed validity:\n%s\n%s", data, formatted)
		}
	})
}
