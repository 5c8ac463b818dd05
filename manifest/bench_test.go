package manifest

import (
	"path/filepath"
	"testing"
)

// BenchmarkValidate is the keystroke path: the guide's example, decoded
// once. It is valid, with a warning for each of its placeholders.
func BenchmarkValidate(b *testing.B) {
	doc := decodeOK(b, guideExample(b))
	b.ReportAllocs()
	for b.Loop() {
		if ps := Validate(doc); HasErrors(ps) {
			b.Fatal(ps)
		}
	}
}

// BenchmarkDecode parses the guide's example, and every corpus manifest in
// turn (68 KB, with escapes, non-ASCII text and duplicate keys).
func BenchmarkDecode(b *testing.B) {
	benchmarkInputs(b, func(data []byte) { Decode(data) })
}

// BenchmarkCheck decodes and validates the same inputs as BenchmarkDecode.
func BenchmarkCheck(b *testing.B) {
	benchmarkInputs(b, func(data []byte) { Check(data) })
}

func benchmarkInputs(b *testing.B, run func([]byte)) {
	guide := guideExample(b)
	b.Run("guide", func(b *testing.B) {
		if _, ps := Check(guide); HasErrors(ps) {
			b.Fatal(ps)
		}
		b.SetBytes(int64(len(guide)))
		b.ReportAllocs()
		for b.Loop() {
			run(guide)
		}
	})
	corpus := corpusInputs(b)
	b.Run("corpus", func(b *testing.B) {
		size := 0
		for _, data := range corpus {
			size += len(data)
		}
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, data := range corpus {
				run(data)
			}
		}
	})
}

func corpusInputs(b *testing.B) [][]byte {
	files, err := filepath.Glob("testdata/corpus/*.json")
	if err != nil || len(files) == 0 {
		b.Fatalf("no corpus: %v", err)
	}
	var inputs [][]byte
	for _, file := range files {
		inputs = append(inputs, readFile(b, filepath.Join("corpus", filepath.Base(file))))
	}
	return inputs
}

// BenchmarkFormat writes the guide's example in canonical form.
func BenchmarkFormat(b *testing.B) {
	doc := decodeOK(b, guideExample(b))
	b.ReportAllocs()
	for b.Loop() {
		Format(doc)
	}
}
