package manifest

import "testing"

// BenchmarkValidate is the keystroke path: the guide's example, decoded once.
func BenchmarkValidate(b *testing.B) {
	doc := decodeOK(b, guideExample(b))
	b.ReportAllocs()
	for b.Loop() {
		if ps := Validate(doc); len(ps) != 0 {
			b.Fatal(ps)
		}
	}
}

// BenchmarkCheck decodes and validates the guide's example.
func BenchmarkCheck(b *testing.B) {
	data := guideExample(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ps := Check(data); len(ps) != 0 {
			b.Fatal(ps)
		}
	}
}

// BenchmarkFormat writes the guide's example in canonical form.
func BenchmarkFormat(b *testing.B) {
	doc := decodeOK(b, guideExample(b))
	b.ReportAllocs()
	for b.Loop() {
		Format(doc)
	}
}
