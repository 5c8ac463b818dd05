package store

import (
	"context"
	"testing"
)

func TestValuesSetAsideAreKeptWithTheDraft(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) { testSetAside(t, db.fixture(t)) })
}

func testSetAside(t *testing.T, f *draftFixture) {
	ctx := context.Background()
	d := f.create(t, "1", f.alice.ID, "Bot")
	if len(d.SetAside) != 0 {
		t.Fatalf("a new draft has %q set aside", d.SetAside)
	}
	aside := []byte(`{"/capabilities/engagement":{"goal":["lead"]}}`)
	saved, err := f.s.SaveDraft(ctx, "1", d.ID, d.Version, f.alice.ID, DraftInput{Document: d.Document, SetAside: aside})
	if err != nil || string(saved.SetAside) != string(aside) {
		t.Fatalf("save: %q, %v", saved.SetAside, err)
	}
	if got, _ := f.s.Draft(ctx, "1", d.ID); string(got.SetAside) != string(aside) {
		t.Errorf("read back: %q", got.SetAside)
	}
	if dup, _ := f.s.DuplicateDraft(ctx, "1", d.ID, f.alice.ID, ""); string(dup.SetAside) != string(aside) {
		t.Errorf("the copy has %q set aside", dup.SetAside)
	}
	if _, err := f.s.SaveDraft(ctx, "1", d.ID, saved.Version, f.alice.ID, DraftInput{SetAside: make([]byte, MaxDocumentSize+1)}); err == nil {
		t.Error("an oversized set-aside accepted")
	}
}
