package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
	"golang.org/x/crypto/bcrypt"
)

// The people and accounts of the seeded database.
const (
	managerEmail    = "manager@load.example"
	customerEmail   = "customer@load.example"
	seedPassword    = "load test password"
	listAccount     = "100" // the editors' drafts and the many drafts of the list measures
	reviewAccount   = "200" // the submitted and approved drafts
	exampleManifest = "manifest/testdata/guide-example.json"
)

// seeded is what the measures need to know of the database.
type seeded struct {
	// editorDrafts are the newest drafts of listAccount, one per editor or
	// connection: saving them keeps them first in the drafts list, so the
	// pages below them stay where the list measures found them.
	editorDrafts []int64
	searchTerm   string // matches the titles of about ten drafts
}

// listTitle is the title of the i-th draft of listAccount.
func listTitle(i int) string { return fmt.Sprintf("Load bot %06d", i) }

// seed fills a new database at path straight through the store: a manager,
// a customer, cfg.drafts drafts of the guide's example in listAccount, and
// cfg.reviewDrafts submitted and as many approved in reviewAccount.
func seed(ctx context.Context, root, path string, cfg config, progress func(string)) (seeded, error) {
	var out seeded
	example, err := readExample(root)
	if err != nil {
		return out, err
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return out, err
	}
	defer db.Close()
	hash, err := bcrypt.GenerateFromPassword([]byte(seedPassword), bcrypt.MinCost)
	if err != nil {
		return out, err
	}
	manager, err := db.CreateFirstManager(ctx, managerEmail, hash)
	if err != nil {
		return out, err
	}
	for _, a := range []struct{ id, name string }{{listAccount, "Load lists"}, {reviewAccount, "Load reviews"}} {
		if _, err := db.CreateAccount(ctx, a.id, a.name); err != nil {
			return out, err
		}
	}
	customer, err := db.CreateUser(ctx, store.User{Email: customerEmail, Role: store.RoleCustomer, AccountID: listAccount, PasswordHash: hash})
	if err != nil {
		return out, err
	}
	reviewer, err := db.CreateUser(ctx, store.User{Email: "reviews@load.example", Role: store.RoleCustomer, AccountID: reviewAccount, PasswordHash: hash})
	if err != nil {
		return out, err
	}
	begin := time.Now()
	for i := range cfg.drafts {
		d, err := createDraft(ctx, db, listAccount, customer.ID, example, listTitle(i))
		if err != nil {
			return out, err
		}
		if i >= cfg.drafts-max(cfg.editors, cfg.conns) {
			out.editorDrafts = append(out.editorDrafts, d.ID)
		}
		if (i+1)%20_000 == 0 {
			progress(fmt.Sprintf("seeded %d drafts in %.0f s", i+1, time.Since(begin).Seconds()))
		}
	}
	mid := cfg.drafts * 42 / 100
	out.searchTerm = listTitle(mid)[len("Load ") : len(listTitle(mid))-1] // "bot 04200": ten titles
	for i := range 2 * cfg.reviewDrafts {
		if err := reviewDraft(ctx, db, reviewer.ID, manager.ID, example, i, i%2 == 0); err != nil {
			return out, err
		}
	}
	progress(fmt.Sprintf("seeded %d drafts and %d in review in %.0f s", cfg.drafts, 2*cfg.reviewDrafts, time.Since(begin).Seconds()))
	return out, nil
}

// readExampleText is the guide's example manifest as the guide writes it.
func readExampleText(root string) ([]byte, error) {
	return os.ReadFile(filepath.Join(root, exampleManifest))
}

// readExample is the guide's example manifest, which every seeded draft is.
func readExample(root string) (manifest.Document, error) {
	text, err := readExampleText(root)
	if err != nil {
		return manifest.Document{}, err
	}
	doc, problems := manifest.Check(text)
	if manifest.HasErrors(problems) {
		return manifest.Document{}, fmt.Errorf("%s: %s", exampleManifest, problems[0].Message)
	}
	return doc, nil
}

// createDraft stores the example, named title, as the editor would.
func createDraft(ctx context.Context, db *store.Store, account string, by int64, example manifest.Document, title string) (store.Draft, error) {
	doc := example.Clone()
	if err := doc.Set("/client_name", title); err != nil {
		return store.Draft{}, err
	}
	text, err := doc.Root.MarshalJSON()
	if err != nil {
		return store.Draft{}, err
	}
	errs, warns := manifest.Count(manifest.Validate(doc))
	return db.CreateDraft(ctx, account, by, store.DraftInput{Title: title, Document: text, Errors: errs, Warnings: warns})
}

// reviewDraft adds the i-th draft of reviewAccount and submits it; approve
// has a manager approve it too.
func reviewDraft(ctx context.Context, db *store.Store, by, manager int64, example manifest.Document, i int, approve bool) error {
	name := fmt.Sprintf("Review bot %06d", i)
	d, err := createDraft(ctx, db, reviewAccount, by, example, name)
	if err != nil {
		return err
	}
	doc, _ := manifest.Decode(d.Document)
	rev, err := db.Submit(ctx, reviewAccount, d.ID, d.Version, by, manifest.Format(doc), name)
	if err != nil {
		return err
	}
	if approve {
		_, err = db.Approve(ctx, d.ID, rev.Number, manager)
	}
	return err
}
