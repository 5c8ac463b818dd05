package web

import (
	"slices"

	"github.com/liveengage/manifestd/manifest"
)

// setAside holds what a switch took out of the document: a webhook or the
// engagement block switched off keeps the values typed in it here, by
// pointer, and switching it on brings them back. It is stored with the
// draft, so they come back after a reload and in another tab too, but it is
// not in the document: nothing here is validated, exported or reviewed.
type setAside struct{ values *manifest.Object }

// decodeAside reads a draft's values set aside; none when it has none.
func decodeAside(text []byte) setAside {
	doc, _ := manifest.Decode(text)
	if doc.Root == nil {
		return setAside{&manifest.Object{}}
	}
	return setAside{doc.Root}
}

// encode is the text the draft stores; none while nothing is set aside.
func (a setAside) encode() []byte {
	if len(a.values.Members) == 0 {
		return nil
	}
	text, _ := a.values.MarshalJSON()
	return text
}

// put takes the value at ptr out of the document and keeps it.
func (a setAside) put(doc *manifest.Document, ptr string) {
	if v, ok := doc.Get(ptr); ok {
		a.values.Set(ptr, v)
		doc.Remove(ptr)
	}
}

// bringBack puts the value kept for ptr back into the document, and
// reports whether there was one.
func (a setAside) bringBack(doc *manifest.Document, ptr string) bool {
	v, ok := a.values.Get(ptr)
	if ok {
		doc.Set(ptr, v)
		a.values.Delete(ptr)
	}
	return ok
}

// prune forgets what the document holds again by another way (the JSON
// section, a restored version): the document's value is the one that counts.
func (a setAside) prune(doc manifest.Document) {
	for _, m := range slices.Clone(a.values.Members) {
		if doc.Has(m.Key) {
			a.values.Delete(m.Key)
		}
	}
}
