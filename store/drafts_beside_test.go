package store

import (
	"context"
	"testing"
)

// TestWhatTheEditorKeepsBesideTheDocument: values set aside and JSON text
// that does not parse are saved with the draft, read back and copied with
// it, and, the document staying as it was, add no version.
func TestWhatTheEditorKeepsBesideTheDocument(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) { testKeptBeside(t, db.fixture(t)) })
}

func testKeptBeside(t *testing.T, f *draftFixture) {
	ctx := context.Background()
	d := f.create(t, "1", f.alice.ID, "Bot")
	if len(d.SetAside) != 0 || len(d.JSONText) != 0 {
		t.Fatalf("a new draft has %q set aside, %q as JSON text", d.SetAside, d.JSONText)
	}
	in := DraftInput{Document: d.Document, SetAside: []byte(`{"/capabilities/engagement":{"goal":["lead"]}}`), JSONText: []byte("{\"client_name\": \x00")}
	saved, err := f.s.SaveDraft(ctx, "1", d.ID, d.Version, f.alice.ID, in)
	if err != nil || string(saved.SetAside) != string(in.SetAside) || string(saved.JSONText) != string(in.JSONText) {
		t.Fatalf("save: %q, %q, %v", saved.SetAside, saved.JSONText, err)
	}
	if got, _ := f.s.Draft(ctx, "1", d.ID); string(got.SetAside) != string(in.SetAside) || string(got.JSONText) != string(in.JSONText) {
		t.Errorf("read back: %q, %q", got.SetAside, got.JSONText)
	}
	if dup, _ := f.s.DuplicateDraft(ctx, "1", d.ID, f.alice.ID, ""); string(dup.SetAside) != string(in.SetAside) || string(dup.JSONText) != string(in.JSONText) {
		t.Errorf("the copy has %q set aside, %q as JSON text", dup.SetAside, dup.JSONText)
	}
	if versions, _ := f.s.Versions(ctx, "1", d.ID, 0, 10); len(versions) != 1 {
		t.Errorf("%d versions after a save that kept the document", len(versions))
	}
	for _, big := range []DraftInput{{SetAside: make([]byte, MaxDocumentSize+1)}, {JSONText: make([]byte, MaxDocumentSize+1)}} {
		if _, err := f.s.SaveDraft(ctx, "1", d.ID, saved.Version, f.alice.ID, big); err == nil {
			t.Error("an oversized save accepted")
		}
	}
}
