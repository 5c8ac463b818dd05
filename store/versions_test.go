package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// versionRow is what a test reads of a version.
type versionRow struct {
	version, first, restored int64
	by                       string
	doc                      string
}

func (f *draftFixture) history(t *testing.T, account string, id int64) []versionRow {
	t.Helper()
	list, err := f.s.Versions(context.Background(), account, id, 0, VersionsKept+10)
	if err != nil {
		t.Fatal(err)
	}
	var rows []versionRow
	for _, v := range list {
		rows = append(rows, versionRow{v.Version, v.FirstVersion, v.RestoredFrom, v.SavedByEmail, string(v.Document)})
	}
	return rows
}

// save writes doc over the draft's latest version, by the person given.
func (f *draftFixture) save(t *testing.T, account string, id, by int64, doc string, restoredFrom int64) Draft {
	t.Helper()
	d, err := f.s.Draft(context.Background(), account, id)
	if err != nil {
		t.Fatal(err)
	}
	d, err = f.s.SaveDraft(context.Background(), account, id, d.Version, by, DraftInput{Title: "T", Document: []byte(doc), RestoredFrom: restoredFrom})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestEverySaveIsKeptAsAVersion(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		d := f.create(t, "1", f.alice.ID, "Bot")
		want := []versionRow{{1, 1, 0, "alice@example.com", `{"client_name":"Bot"}`}}
		check := func(step string) {
			t.Helper()
			got := f.history(t, "1", d.ID)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%s: history\n%v\nwant\n%v", step, got, want)
			}
		}
		check("created")

		// Saves by one person within the window are one version, its last.
		f.clock.Advance(time.Minute)
		f.save(t, "1", d.ID, f.alice.ID, `{"a":1}`, 0)
		f.clock.Advance(VersionMergeWindow - time.Minute - time.Second)
		f.save(t, "1", d.ID, f.alice.ID, `{"a":2}`, 0)
		want = []versionRow{{3, 1, 0, "alice@example.com", `{"a":2}`}}
		check("two saves within the window")

		// Past the window from the run's first save, a new version begins.
		f.clock.Advance(2 * time.Second)
		f.save(t, "1", d.ID, f.alice.ID, `{"a":3}`, 0)
		want = append([]versionRow{{4, 4, 0, "alice@example.com", `{"a":3}`}}, want...)
		check("past the window")

		// Another person's save is a version of its own.
		f.save(t, "1", d.ID, f.manager.ID, `{"a":4}`, 0)
		want = append([]versionRow{{5, 5, 0, "m@example.com", `{"a":4}`}}, want...)
		check("another person")

		// A save that leaves the document as it is adds no version.
		f.save(t, "1", d.ID, f.manager.ID, `{"a":4}`, 0)
		check("unchanged document")

		// A restore is a version of its own, merged neither way.
		f.save(t, "1", d.ID, f.manager.ID, `{"client_name":"Bot"}`, 1)
		f.save(t, "1", d.ID, f.manager.ID, `{"a":5}`, 0)
		want = append([]versionRow{{8, 8, 0, "m@example.com", `{"a":5}`}, {7, 7, 1, "m@example.com", `{"client_name":"Bot"}`}}, want...)
		check("restore")

		// Another account sees no history of it.
		if rows := f.history(t, "2", d.ID); len(rows) != 0 {
			t.Errorf("another account reads %v", rows)
		}
	})
}

func TestADraftKeepsItsLatestVersions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		d := f.create(t, "1", f.alice.ID, "Bot")
		for i := range VersionsKept + 4 {
			f.clock.Advance(VersionMergeWindow)
			f.save(t, "1", d.ID, f.alice.ID, fmt.Sprintf(`{"n":%d}`, i), 0)
		}
		rows := f.history(t, "1", d.ID)
		if len(rows) != VersionsKept || rows[0].version != VersionsKept+5 || rows[len(rows)-1].version != 6 {
			t.Fatalf("kept %d versions, %d to %d", len(rows), rows[len(rows)-1].version, rows[0].version)
		}
		page, err := f.s.Versions(context.Background(), "1", d.ID, 100, 3)
		if err != nil || len(page) != 3 || page[0].Version != 99 || page[2].Version != 97 {
			t.Fatalf("a page before version 100: %v, %v", page, err)
		}
	})
}

func TestDraftVersion(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		d := f.create(t, "1", f.alice.ID, "Bot")
		f.clock.Advance(VersionMergeWindow)
		f.save(t, "1", d.ID, f.alice.ID, `{"a":1}`, 0) // version 2
		f.save(t, "1", d.ID, f.alice.ID, `{"a":2}`, 0) // merged: 2 to 3
		f.save(t, "1", d.ID, f.manager.ID, `{"a":3}`, 0)

		for _, n := range []int64{2, 3} {
			at, before, err := f.s.DraftVersion(ctx, "1", d.ID, n)
			if err != nil || at.Version != 3 || at.FirstVersion != 2 || at.Saves() != 2 || string(at.Document) != `{"a":2}` ||
				before == nil || before.Version != 1 {
				t.Errorf("version %d: %+v before %+v, %v", n, at, before, err)
			}
		}
		if at, before, err := f.s.DraftVersion(ctx, "1", d.ID, 1); err != nil || at.Version != 1 || before != nil {
			t.Errorf("version 1: %+v before %+v, %v", at, before, err)
		}
		for _, c := range []struct {
			account string
			n       int64
		}{{"1", 5}, {"1", 0}, {"2", 1}} {
			if _, _, err := f.s.DraftVersion(ctx, c.account, d.ID, c.n); !errors.Is(err, ErrNotFound) {
				t.Errorf("version %d seen from account %s: %v, want ErrNotFound", c.n, c.account, err)
			}
		}
		if err := f.s.TrashDraft(ctx, "1", d.ID, f.alice.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.s.DraftVersion(ctx, "1", d.ID, 1); !errors.Is(err, ErrNotFound) {
			t.Errorf("a version of a trashed draft: %v", err)
		}
	})
}
