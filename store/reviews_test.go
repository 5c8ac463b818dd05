package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// The review workflow's test helpers extend draftFixture: customers act on
// their own account's drafts, the manager on every account's.

func (f *draftFixture) customer(account string) User {
	if account == "2" {
		return f.bob
	}
	return f.alice
}

func (f *draftFixture) get(t testing.TB, account string, id int64) Draft {
	t.Helper()
	d, err := f.s.Draft(context.Background(), account, id)
	if err != nil {
		t.Fatalf("Draft(%s, %d): %v", account, id, err)
	}
	return d
}

// frozen is what the tests submit for a draft: its document, plus a newline,
// so that the frozen bytes differ from the draft's.
func frozen(d Draft) []byte { return append(bytes.Clone(d.Document), '\n') }

func (f *draftFixture) submit(t testing.TB, d Draft) Revision {
	t.Helper()
	d = f.get(t, d.AccountID, d.ID)
	rev, err := f.s.Submit(context.Background(), d.AccountID, d.ID, d.Version, f.customer(d.AccountID).ID, frozen(d), d.Title)
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	return rev
}

func (f *draftFixture) withdraw(t testing.TB, d Draft) {
	t.Helper()
	if err := f.s.Withdraw(context.Background(), d.AccountID, d.ID, f.customer(d.AccountID).ID); err != nil {
		t.Fatalf("Withdraw: %v", err)
	}
}

func (f *draftFixture) requestChanges(t testing.TB, d Draft) {
	t.Helper()
	d = f.get(t, d.AccountID, d.ID)
	if err := f.s.RequestChanges(context.Background(), d.ID, d.LatestRevision, f.manager.ID, "Please fix this."); err != nil {
		t.Fatalf("RequestChanges: %v", err)
	}
}

func (f *draftFixture) approve(t testing.TB, d Draft) Revision {
	t.Helper()
	d = f.get(t, d.AccountID, d.ID)
	rev, err := f.s.Approve(context.Background(), d.ID, d.LatestRevision, f.manager.ID)
	if err != nil {
		t.Fatalf("Approve: %v", err)
	}
	return rev
}

// edit saves a new document named name.
func (f *draftFixture) edit(t testing.TB, d Draft, name string) Draft {
	t.Helper()
	d = f.get(t, d.AccountID, d.ID)
	saved, err := f.s.SaveDraft(context.Background(), d.AccountID, d.ID, d.Version, f.customer(d.AccountID).ID,
		DraftInput{Title: name, Document: []byte(fmt.Sprintf(`{"client_name":%q}`, name))})
	if err != nil {
		t.Fatalf("SaveDraft: %v", err)
	}
	return saved
}

// reviewSnapshot is everything the store knows about a draft, to tell
// whether a refused action changed anything.
type reviewSnapshot struct {
	Draft       Draft
	Revisions   []Revision
	Transitions []Transition
	Comments    []Comment
}

func (f *draftFixture) snapshot(t testing.TB, account string, id int64) reviewSnapshot {
	t.Helper()
	ctx := context.Background()
	var snap reviewSnapshot
	// The draft as stored, live or in the trash.
	if err := scanDraft(f.s.read.QueryRowContext(ctx, draftSelect+"WHERE drafts.id = ?", id), &snap.Draft); err != nil {
		t.Fatal(err)
	}
	var err error
	if snap.Revisions, err = f.s.Revisions(ctx, account, id); err != nil {
		t.Fatal(err)
	}
	if snap.Transitions, err = f.s.Transitions(ctx, account, id); err != nil {
		t.Fatal(err)
	}
	if snap.Comments, err = f.s.Comments(ctx, account, id); err != nil {
		t.Fatal(err)
	}
	return snap
}

func wantUnchanged(t *testing.T, before, after reviewSnapshot) {
	t.Helper()
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("a refused action changed the draft:\nbefore %+v\nafter  %+v", before, after)
	}
}

func wantTransitionError(t *testing.T, err error, state State) {
	t.Helper()
	var te *TransitionError
	if !errors.As(err, &te) || !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("err = %v, want a *TransitionError wrapping ErrNotAllowed", err)
	}
	if te.State != state || te.Action == "" {
		t.Fatalf("TransitionError = %+v, want state %q", te, state)
	}
}

// trashed marks, in the state machine's table, an allowed trash: the state
// stays and the draft goes to the trash.
const trashed State = "(trashed)"

// refused marks an action the state machine refuses.
const refused State = ""

// TestStateMachine tries every action from every state the workflow can put
// a draft in, each on a fresh draft.
func TestStateMachine(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		starts := []struct {
			name     string
			state    State
			approved bool
			setup    func(t *testing.T, f *draftFixture, d Draft)
		}{
			{"new draft", StateDraft, false, func(t *testing.T, f *draftFixture, d Draft) {}},
			{"withdrawn", StateDraft, false, func(t *testing.T, f *draftFixture, d Draft) {
				f.submit(t, d)
				f.withdraw(t, d)
			}},
			{"submitted", StateSubmitted, false, func(t *testing.T, f *draftFixture, d Draft) { f.submit(t, d) }},
			{"changes requested", StateChangesRequested, false, func(t *testing.T, f *draftFixture, d Draft) {
				f.submit(t, d)
				f.requestChanges(t, d)
			}},
			{"changes requested, edited", StateChangesRequested, false, func(t *testing.T, f *draftFixture, d Draft) {
				f.submit(t, d)
				f.requestChanges(t, d)
				f.edit(t, d, "Fixed")
			}},
			{"approved", StateApproved, true, func(t *testing.T, f *draftFixture, d Draft) {
				f.submit(t, d)
				f.approve(t, d)
			}},
			{"edited after approval", StateDraft, true, func(t *testing.T, f *draftFixture, d Draft) {
				f.submit(t, d)
				f.approve(t, d)
				f.edit(t, d, d.Title+" 2") // a name of its own: approved names are unique
			}},
			{"resubmitted after approval", StateSubmitted, true, func(t *testing.T, f *draftFixture, d Draft) {
				f.submit(t, d)
				f.approve(t, d)
				f.edit(t, d, d.Title+" 2") // a name of its own: approved names are unique
				f.submit(t, d)
			}},
		}
		ctx := context.Background()
		actions := []struct {
			name    string
			manager bool
			outcome string // the outcome the latest revision gets, if the action decides one
			do      func(f *draftFixture, d Draft) error
		}{
			{"submit", false, "", func(f *draftFixture, d Draft) error {
				_, err := f.s.Submit(ctx, "1", d.ID, d.Version, f.alice.ID, frozen(d), d.Title)
				return err
			}},
			{"withdraw", false, OutcomeWithdrawn, func(f *draftFixture, d Draft) error {
				return f.s.Withdraw(ctx, "1", d.ID, f.alice.ID)
			}},
			{"request changes", true, OutcomeChangesRequested, func(f *draftFixture, d Draft) error {
				return f.s.RequestChanges(ctx, d.ID, d.LatestRevision, f.manager.ID, "Change the endpoint.")
			}},
			{"approve", true, OutcomeApproved, func(f *draftFixture, d Draft) error {
				_, err := f.s.Approve(ctx, d.ID, d.LatestRevision, f.manager.ID)
				return err
			}},
			{"edit", false, "", func(f *draftFixture, d Draft) error {
				_, err := f.s.SaveDraft(ctx, "1", d.ID, d.Version, f.alice.ID, DraftInput{Title: "Edited", Document: []byte(`{"client_name":"Edited"}`)})
				return err
			}},
			{"trash", false, "", func(f *draftFixture, d Draft) error { return f.s.TrashDraft(ctx, "1", d.ID, f.alice.ID) }},
		}
		// want[start][action]: the state after the action, or refused.
		const (
			draft     = StateDraft
			submitted = StateSubmitted
			changes   = StateChangesRequested
			approved  = StateApproved
		)
		want := map[string][6]State{
			//                            submit     withdraw draft request  approve   edit     trash
			"new draft":                  {submitted, refused, refused, refused, draft, trashed},
			"withdrawn":                  {submitted, refused, refused, refused, draft, trashed},
			"submitted":                  {refused, draft, changes, approved, refused, refused},
			"changes requested":          {submitted, refused, refused, refused, changes, trashed},
			"changes requested, edited":  {submitted, refused, refused, refused, changes, trashed},
			"approved":                   {refused, refused, refused, refused, draft, refused},
			"edited after approval":      {submitted, refused, refused, refused, draft, refused},
			"resubmitted after approval": {refused, draft, changes, approved, refused, refused},
		}
		f := db.fixture(t)
		for _, start := range starts {
			for i, action := range actions {
				t.Run(start.name+"/"+action.name, func(t *testing.T) {
					d := f.create(t, "1", f.alice.ID, "Bot "+start.name+" "+action.name)
					start.setup(t, f, d)
					d = f.get(t, "1", d.ID)
					if d.State != start.state || d.Approved != start.approved {
						t.Fatalf("setup left state %q, approved %v; want %q, %v", d.State, d.Approved, start.state, start.approved)
					}
					before := f.snapshot(t, "1", d.ID)
					f.clock.Advance(time.Minute)
					err := action.do(f, d)
					after := f.snapshot(t, "1", d.ID)
					to := want[start.name][i]
					if to == refused {
						wantTransitionError(t, err, start.state)
						wantUnchanged(t, before, after)
						return
					}
					if err != nil {
						t.Fatalf("err = %v, want %s to be allowed", err, action.name)
					}
					if to == trashed {
						if after.Draft.DeletedAt == nil || after.Draft.State != start.state {
							t.Fatalf("trash left %+v", after.Draft)
						}
						to = start.state
					}
					if after.Draft.State != to {
						t.Fatalf("state %q, want %q", after.Draft.State, to)
					}
					wantRevisions := len(before.Revisions)
					if action.name == "submit" {
						wantRevisions++
					}
					if len(after.Revisions) != wantRevisions || after.Draft.LatestRevision != int64(wantRevisions) {
						t.Fatalf("%d revisions, latest %d; want %d", len(after.Revisions), after.Draft.LatestRevision, wantRevisions)
					}
					if action.outcome != "" {
						if got := after.Revisions[0]; got.Outcome != action.outcome || got.DecidedAt == nil ||
							!got.DecidedAt.Equal(f.clock.Now()) {
							t.Fatalf("revision after %s: %+v", action.name, got)
						}
					}
					if to == start.state {
						if len(after.Transitions) != len(before.Transitions) {
							t.Fatalf("no change of state, but transitions %+v", after.Transitions)
						}
						return
					}
					by := f.alice
					if action.manager {
						by = f.manager
					}
					if len(after.Transitions) != len(before.Transitions)+1 {
						t.Fatalf("transitions %+v, want one more", after.Transitions)
					}
					if got := after.Transitions[len(after.Transitions)-1]; got.From != start.state || got.To != to ||
						got.Revision != after.Draft.LatestRevision || got.By != by.ID || got.ByEmail != by.Email ||
						!got.At.Equal(f.clock.Now()) || got.DraftID != d.ID {
						t.Fatalf("transition %+v, want %s -> %s by %s", got, start.state, to, by.Email)
					}
				})
			}
		}
	})
}

func TestTransitionErrorMessage(t *testing.T) {
	tests := []struct {
		err  *TransitionError
		want string
	}{
		{&TransitionError{"approve", StateDraft}, `cannot approve a draft that is "draft"`},
		{&TransitionError{"edit", StateSubmitted}, `cannot edit a draft that is "submitted"`},
		{&TransitionError{"submit a draft with errors", StateDraft}, `cannot submit a draft with errors (the draft is "draft")`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
		if !errors.Is(fmt.Errorf("wrapped: %w", tt.err), ErrNotAllowed) {
			t.Errorf("%v does not wrap ErrNotAllowed", tt.err)
		}
	}
}

func TestSubmit(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		d := f.create(t, "1", f.alice.ID, "Bot")
		doc := []byte("{\n  \"client_name\": \"Bot ü\"\n}\n")
		f.clock.Advance(time.Minute)
		rev, err := f.s.Submit(ctx, "1", d.ID, d.Version, f.alice.ID, doc, "Bot ü")
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(doc)
		if rev.DraftID != d.ID || rev.Number != 1 || rev.AccountID != "1" || rev.ClientName != "Bot ü" ||
			!bytes.Equal(rev.Document, doc) || rev.SHA256 != hex.EncodeToString(sum[:]) ||
			rev.SubmittedBy != f.alice.ID || rev.SubmittedByEmail != "alice@example.com" || !rev.SubmittedAt.Equal(f.clock.Now()) ||
			rev.Outcome != "" || rev.DecidedBy != 0 || rev.DecidedByEmail != "" || rev.DecidedAt != nil {
			t.Fatalf("revision %+v", rev)
		}
		if got, err := f.s.Revision(ctx, "1", d.ID, 1); err != nil || !reflect.DeepEqual(got, rev) {
			t.Fatalf("Revision = %+v, %v; want %+v", got, err, rev)
		}
		got := f.get(t, "1", d.ID)
		if got.State != StateSubmitted || got.LatestRevision != 1 || got.Approved || got.Version != d.Version ||
			!bytes.Equal(got.Document, d.Document) {
			t.Fatalf("draft after submit %+v", got)
		}
		if p, _ := f.s.ListDrafts(ctx, "1", DraftQuery{}); len(p.Items) != 1 || p.Items[0].ID != got.ID || p.Items[0].State != StateSubmitted {
			t.Fatalf("ListDrafts = %+v, want %+v", p.Items, got)
		}

		// Refusals, each on a draft that could otherwise be submitted.
		withErrors, err := f.s.CreateDraft(ctx, "1", f.alice.ID, DraftInput{Title: "Broken", Document: []byte(`{"client_name":1}`), Errors: 1})
		if err != nil {
			t.Fatal(err)
		}
		ok := f.create(t, "1", f.alice.ID, "Fine")
		inTrash := f.create(t, "1", f.alice.ID, "Trashed")
		if err := f.s.TrashDraft(ctx, "1", inTrash.ID, f.alice.ID); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name       string
			d          Draft
			version    int64
			doc        []byte
			clientName string
			check      func(t *testing.T, err error)
		}{
			{"stale version", ok, ok.Version - 1, doc, "Fine", func(t *testing.T, err error) {
				if !errors.Is(err, ErrConflict) {
					t.Fatalf("err = %v, want ErrConflict", err)
				}
			}},
			{"newer version", ok, ok.Version + 1, doc, "Fine", func(t *testing.T, err error) {
				if !errors.Is(err, ErrConflict) {
					t.Fatalf("err = %v, want ErrConflict", err)
				}
			}},
			{"errors", withErrors, withErrors.Version, doc, "Broken", func(t *testing.T, err error) {
				wantTransitionError(t, err, StateDraft)
				if !strings.Contains(err.Error(), "errors") {
					t.Fatalf("err = %v, want it to say why", err)
				}
			}},
			{"no client_name", ok, ok.Version, doc, "  ", func(t *testing.T, err error) { wantFieldError(t, err, "client_name") }},
			{"empty document", ok, ok.Version, nil, "Fine", func(t *testing.T, err error) {
				if err == nil {
					t.Fatal("empty document accepted")
				}
			}},
			{"in the trash", inTrash, inTrash.Version, doc, "Trashed", func(t *testing.T, err error) {
				if !errors.Is(err, ErrNotFound) {
					t.Fatalf("err = %v, want ErrNotFound", err)
				}
			}},
			{"missing", Draft{ID: inTrash.ID + 100, AccountID: "1"}, 1, doc, "Missing", func(t *testing.T, err error) {
				if !errors.Is(err, ErrNotFound) {
					t.Fatalf("err = %v, want ErrNotFound", err)
				}
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.s.Submit(ctx, "1", tt.d.ID, tt.version, f.alice.ID, tt.doc, tt.clientName)
				tt.check(t, err)
				if tt.name == "missing" {
					return
				}
				if after := f.snapshot(t, "1", tt.d.ID); after.Draft.State != StateDraft || len(after.Revisions) != 0 ||
					len(after.Transitions) != 0 {
					t.Fatalf("a refused submit changed %+v", after)
				}
			})
		}
	})
}

// TestRevisionNumbers: revisions count 1, 2, ... per draft, through every
// way back to submitting, and list newest first.
func TestRevisionNumbers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		d := f.create(t, "1", f.alice.ID, "Bot")
		other := f.create(t, "1", f.alice.ID, "Other")
		steps := []func(){
			func() { f.submit(t, d); f.withdraw(t, d) },
			func() { f.submit(t, d); f.requestChanges(t, d) },
			func() { f.submit(t, d); f.approve(t, d) },
			func() { f.edit(t, d, "Bot 2"); f.submit(t, d) },
		}
		for i, step := range steps {
			step()
			if got := f.get(t, "1", d.ID).LatestRevision; got != int64(i+1) {
				t.Fatalf("after step %d: latest revision %d", i+1, got)
			}
		}
		if rev := f.submit(t, other); rev.Number != 1 {
			t.Fatalf("another draft's first revision is %d", rev.Number)
		}
		revs, err := f.s.Revisions(ctx, "1", d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range revs {
			got = append(got, fmt.Sprintf("%d:%s:%s", r.Number, r.Outcome, r.ClientName))
		}
		want := []string{"4::Bot 2", "3:approved:Bot", "2:changes_requested:Bot", "1:withdrawn:Bot"}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("revisions %q, want %q", got, want)
		}
		if _, err := f.s.Revision(ctx, "1", d.ID, 5); !errors.Is(err, ErrNotFound) {
			t.Fatalf("revision 5: err = %v, want ErrNotFound", err)
		}
		if revs, err := f.s.Revisions(ctx, "1", f.create(t, "1", f.alice.ID, "new").ID); err != nil || revs == nil || len(revs) != 0 {
			t.Fatalf("revisions of a new draft: %+v, %v; want none", revs, err)
		}
	})
}

// TestApprovedRevisionsNeverChange: after approval, edits, more reviews and
// every attempt to change the stored rows directly, the approved revision
// is byte for byte what was submitted.
func TestApprovedRevisionsNeverChange(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		d := f.create(t, "1", f.alice.ID, "Ärzte Bot")
		doc := []byte("{\n  \"client_name\": \"Ärzte Bot\",\n  \"note\": \"\\u00e9 \\ud83d\\ude00\"\n}\n")
		rev, err := f.s.Submit(ctx, "1", d.ID, d.Version, f.alice.ID, doc, "Ärzte Bot")
		if err != nil {
			t.Fatal(err)
		}
		approved := f.approve(t, d)
		if approved.Outcome != OutcomeApproved || approved.DecidedBy != f.manager.ID || approved.DecidedByEmail != "m@example.com" ||
			!bytes.Equal(approved.Document, doc) || approved.SHA256 != rev.SHA256 {
			t.Fatalf("approved %+v", approved)
		}
		check := func(when string) {
			t.Helper()
			got, err := f.s.Revision(ctx, "1", d.ID, 1)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(got.Document)
			if !reflect.DeepEqual(got, approved) || !bytes.Equal(got.Document, doc) || got.SHA256 != hex.EncodeToString(sum[:]) {
				t.Fatalf("%s: approved revision is now %+v, want %+v", when, got, approved)
			}
		}

		edited := f.edit(t, d, "Ärzte Bot 2")
		if edited.State != StateDraft || !edited.Approved || edited.LatestRevision != 1 {
			t.Fatalf("edited approved draft %+v", edited)
		}
		check("after editing")
		c, err := f.s.AddComment(ctx, "1", d.ID, 1, "/client_name", "A comment on the approved revision", f.manager.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.ResolveComment(ctx, "1", d.ID, c.ID, f.alice.ID); err != nil {
			t.Fatal(err)
		}
		f.submit(t, d)
		f.requestChanges(t, d)
		f.submit(t, d)
		f.withdraw(t, d)
		f.submit(t, d)
		f.approve(t, d)
		f.edit(t, d, "Ärzte Bot 3")
		if _, err := f.s.DuplicateDraft(ctx, "1", d.ID, f.alice.ID, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.PurgeTrash(ctx, f.clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		check("after more reviews")

		// The database itself refuses.
		for _, stmt := range []string{
			"UPDATE revisions SET document = x'7b7d' WHERE draft_id = ? AND number = 1",
			"UPDATE revisions SET sha256 = '" + strings.Repeat("0", 64) + "' WHERE draft_id = ? AND number = 1",
			"UPDATE revisions SET client_name = 'x', client_name_key = 'x' WHERE draft_id = ? AND number = 1",
			"UPDATE revisions SET outcome = 'withdrawn' WHERE draft_id = ? AND number = 1",
			"UPDATE revisions SET outcome = '', decided_at = NULL WHERE draft_id = ? AND number = 1",
			"DELETE FROM revisions WHERE draft_id = ? AND number = 1",
			"DELETE FROM drafts WHERE id = ?",
			"UPDATE transitions SET to_state = 'draft' WHERE draft_id = ?",
			"UPDATE drafts SET state = 'finished' WHERE id = ?",
		} {
			if _, err := f.s.write.ExecContext(ctx, stmt, d.ID); err == nil {
				t.Errorf("%s: not refused", stmt)
			}
		}
		check("after direct writes")
	})
}

func TestClientNameTaken(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		// Account 2 has "Ärzte Bot" approved, and other names in every other
		// stage of review.
		taken := f.create(t, "2", f.bob.ID, "Ärzte Bot")
		f.submit(t, taken)
		f.approve(t, taken)
		f.submit(t, f.create(t, "2", f.bob.ID, "Pending"))
		refused := f.create(t, "2", f.bob.ID, "Refused")
		f.submit(t, refused)
		f.requestChanges(t, refused)
		withdrawn := f.create(t, "2", f.bob.ID, "Withdrawn")
		f.submit(t, withdrawn)
		f.withdraw(t, withdrawn)
		renamed := f.create(t, "2", f.bob.ID, "Old Name")
		f.submit(t, renamed)
		f.approve(t, renamed)
		f.edit(t, renamed, "New Name")

		tests := []struct {
			name       string
			account    string
			clientName string
			wantErr    error
		}{
			{"same name, another account", "1", "Ärzte Bot", ErrNameTaken},
			{"lower case beyond ASCII", "1", "ärzte bot", ErrNameTaken},
			{"upper case beyond ASCII", "1", "ÄRZTE BOT", ErrNameTaken},
			{"padded", "1", "  ärzte Bot ", ErrNameTaken},
			{"an earlier approved name is still taken", "1", "old name", ErrNameTaken},
			{"another draft of the same account", "2", "ärzte bot", ErrNameTaken},
			{"the same account's earlier approved name", "2", "OLD NAME", ErrNameTaken},
			{"another name", "1", "Ärzte Bot 2", nil},
			{"ASCII-only folding would not match", "1", "Arzte Bot", nil},
			{"only submitted elsewhere", "1", "pending", nil},
			{"only refused elsewhere", "1", "refused", nil},
			{"only withdrawn elsewhere", "1", "withdrawn", nil},
			{"being edited elsewhere", "1", "new name", nil},
			{"only submitted in the same account", "2", "Pending", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				d := f.create(t, tt.account, f.customer(tt.account).ID, tt.clientName)
				_, err := f.s.Submit(ctx, tt.account, d.ID, d.Version, f.customer(tt.account).ID, frozen(d), tt.clientName)
				if !errors.Is(err, tt.wantErr) || (err != nil && tt.wantErr == nil) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if err != nil {
					if after := f.snapshot(t, tt.account, d.ID); after.Draft.State != StateDraft || len(after.Revisions) != 0 {
						t.Fatalf("a refused submit changed %+v", after)
					}
				}
			})
		}
	})
}

// TestClientNameCheckedAtApproval: drafts of two accounts, and two drafts of
// one account, may all submit a name; the first approved keeps it.
func TestClientNameCheckedAtApproval(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		one := f.create(t, "1", f.alice.ID, "Twin")
		two := f.create(t, "2", f.bob.ID, "twin")
		oneAgain := f.create(t, "1", f.alice.ID, "TWIN")
		f.submit(t, one)
		f.submit(t, two)
		f.submit(t, oneAgain)
		f.approve(t, one)

		for _, d := range []Draft{two, oneAgain} {
			before := f.snapshot(t, d.AccountID, d.ID)
			if _, err := f.s.Approve(ctx, d.ID, 1, f.manager.ID); !errors.Is(err, ErrNameTaken) {
				t.Fatalf("approving a taken name in account %s: err = %v, want ErrNameTaken", d.AccountID, err)
			}
			after := f.snapshot(t, d.AccountID, d.ID)
			wantUnchanged(t, before, after)
			if after.Draft.State != StateSubmitted || after.Revisions[0].Outcome != "" {
				t.Fatalf("refused approval left %+v", after)
			}
			// The refused draft goes back to editing.
			f.requestChanges(t, d)
		}
	})
}

// TestClientNameKeptByItsDraft: a draft's own approved revisions do not take
// its name from its next revision.
func TestClientNameKeptByItsDraft(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		d := f.create(t, "1", f.alice.ID, "Keeper")
		f.submit(t, d)
		f.approve(t, d)
		f.edit(t, d, "keeper") // another case is the same name
		if rev := f.submit(t, d); rev.Number != 2 {
			t.Fatalf("submitted revision %d, want 2", rev.Number)
		}
		f.requestChanges(t, d)
		f.submit(t, d)
		if rev := f.approve(t, d); rev.Outcome != OutcomeApproved || rev.Number != 3 {
			t.Fatalf("approved %+v, want revision 3 approved", rev)
		}
	})
}

func TestRequestChangesNeedsAComment(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		tests := []struct {
			name     string
			before   func(d Draft) // comments made before
			comment  string
			wantErr  error
			comments []string // pointer:body of the draft's comments afterwards
		}{
			{name: "no comment", wantErr: ErrNeedsComment},
			{name: "blank comment", comment: " \n\t ", wantErr: ErrNeedsComment},
			{name: "comment given", comment: "  Use https for the endpoint. \n", comments: []string{":Use https for the endpoint."}},
			{name: "field comment made first", before: func(d Draft) {
				if _, err := f.s.AddComment(ctx, "1", d.ID, 2, "/client_name", "Shorter, please.", f.manager.ID); err != nil {
					t.Fatal(err)
				}
			}, comments: []string{"/client_name:Shorter, please."}},
			{name: "a resolved comment counts", before: func(d Draft) {
				c, err := f.s.AddComment(ctx, "1", d.ID, 2, "", "Hm.", f.manager.ID)
				if err != nil {
					t.Fatal(err)
				}
				if err := f.s.ResolveComment(ctx, "1", d.ID, c.ID, f.alice.ID); err != nil {
					t.Fatal(err)
				}
			}, comments: []string{":Hm."}},
			{name: "only on an earlier revision", before: func(d Draft) {
				if _, err := f.s.AddComment(ctx, "1", d.ID, 1, "", "Old news.", f.manager.ID); err != nil {
					t.Fatal(err)
				}
			}, wantErr: ErrNeedsComment, comments: []string{":Old news."}},
			{name: "too long", comment: strings.Repeat("x", MaxCommentLen+1)},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				d := f.create(t, "1", f.alice.ID, "Bot")
				f.submit(t, d)
				f.withdraw(t, d)
				f.submit(t, d) // revision 2 is under review
				if tt.before != nil {
					tt.before(d)
				}
				before := f.snapshot(t, "1", d.ID)
				err := f.s.RequestChanges(ctx, d.ID, 2, f.manager.ID, tt.comment)
				after := f.snapshot(t, "1", d.ID)
				var got []string
				for _, c := range after.Comments {
					got = append(got, c.Pointer+":"+c.Body)
				}
				switch {
				case tt.name == "too long":
					wantFieldError(t, err, "body")
					wantUnchanged(t, before, after)
				case tt.wantErr != nil:
					if !errors.Is(err, tt.wantErr) {
						t.Fatalf("err = %v, want %v", err, tt.wantErr)
					}
					wantUnchanged(t, before, after)
				case err != nil:
					t.Fatal(err)
				default:
					if after.Draft.State != StateChangesRequested || after.Revisions[0].Outcome != OutcomeChangesRequested ||
						after.Revisions[0].DecidedByEmail != "m@example.com" {
						t.Fatalf("after request: %+v", after)
					}
					if strings.Join(got, "|") != strings.Join(tt.comments, "|") {
						t.Fatalf("comments %q, want %q", got, tt.comments)
					}
					last := after.Comments[len(after.Comments)-1]
					if last.Revision != 2 || last.AuthorID != f.manager.ID {
						t.Fatalf("comment %+v", last)
					}
				}
			})
		}
	})
}

// TestDecisionsOnStaleRevisions: a manager acting on a revision someone
// else already dealt with is refused and changes nothing.
func TestDecisionsOnStaleRevisions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		d := f.create(t, "1", f.alice.ID, "Bot")
		f.submit(t, d)
		f.withdraw(t, d)
		f.submit(t, d) // revision 2 is under review
		inTrash := f.create(t, "1", f.alice.ID, "Trashed")
		f.submit(t, inTrash)
		f.withdraw(t, inTrash)
		if err := f.s.TrashDraft(ctx, "1", inTrash.ID, f.alice.ID); err != nil {
			t.Fatal(err)
		}
		approve := func(id, rev int64) error { _, err := f.s.Approve(ctx, id, rev, f.manager.ID); return err }
		requestChanges := func(id, rev int64) error { return f.s.RequestChanges(ctx, id, rev, f.manager.ID, "Fix it") }
		tests := []struct {
			name     string
			op       func(id, rev int64) error
			id, rev  int64
			wantErr  error
			notAllow bool
		}{
			{"approve the older revision", approve, d.ID, 1, nil, true},
			{"request changes to the older revision", requestChanges, d.ID, 1, nil, true},
			{"approve a revision not yet made", approve, d.ID, 3, ErrNotFound, false},
			{"approve revision 0", approve, d.ID, 0, ErrNotFound, false},
			{"request changes to a revision not yet made", requestChanges, d.ID, 3, ErrNotFound, false},
			{"approve a missing draft", approve, inTrash.ID + 100, 1, ErrNotFound, false},
			{"approve a draft in the trash", approve, inTrash.ID, 1, ErrNotFound, false},
			{"request changes to a draft in the trash", requestChanges, inTrash.ID, 1, ErrNotFound, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := f.snapshot(t, "1", d.ID)
				err := tt.op(tt.id, tt.rev)
				if tt.notAllow {
					wantTransitionError(t, err, StateSubmitted)
				} else if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				wantUnchanged(t, before, f.snapshot(t, "1", d.ID))
			})
		}
		if err := approve(d.ID, 2); err != nil {
			t.Fatalf("approving the current revision: %v", err)
		}
	})
}

// TestTimeline: every change of state is recorded, in order, with who, when
// and which revision; edits that do not change the state are not.
func TestTimeline(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		d := f.create(t, "1", f.alice.ID, "Bot")
		start := f.clock.Now()
		steps := []func(){
			func() { f.submit(t, d) },
			func() { f.requestChanges(t, d) },
			func() { f.edit(t, d, "Bot fixed") },
			func() { f.submit(t, d) },
			func() { f.approve(t, d) },
			func() { f.edit(t, d, "Bot 2") },
			func() { f.edit(t, d, "Bot 2b") },
			func() { f.submit(t, d) },
			func() { f.withdraw(t, d) },
		}
		for _, step := range steps {
			f.clock.Advance(time.Minute)
			step()
		}
		list, err := f.s.Transitions(ctx, "1", d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tr := range list {
			got = append(got, fmt.Sprintf("%s %d %s->%s by %s", tr.At.Sub(start), tr.Revision, tr.From, tr.To, tr.ByEmail))
			if tr.DraftID != d.ID || tr.ID == 0 || tr.By == 0 {
				t.Fatalf("transition %+v", tr)
			}
		}
		want := []string{
			"1m0s 1 draft->submitted by alice@example.com",
			"2m0s 1 submitted->changes_requested by m@example.com",
			"4m0s 2 changes_requested->submitted by alice@example.com",
			"5m0s 2 submitted->approved by m@example.com",
			"6m0s 2 approved->draft by alice@example.com",
			"8m0s 3 draft->submitted by alice@example.com",
			"9m0s 3 submitted->draft by alice@example.com",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("timeline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if list, err := f.s.Transitions(ctx, "1", f.create(t, "1", f.alice.ID, "new").ID); err != nil || list == nil || len(list) != 0 {
			t.Fatalf("transitions of a new draft: %+v, %v", list, err)
		}
	})
}

func TestComments(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		d := f.create(t, "1", f.alice.ID, "Bot")
		f.submit(t, d)
		f.clock.Advance(time.Minute)
		general, err := f.s.AddComment(ctx, "1", d.ID, 1, "", "  Looks good overall. \n", f.manager.ID)
		if err != nil {
			t.Fatal(err)
		}
		if general.ID == 0 || general.DraftID != d.ID || general.Revision != 1 || general.Pointer != "" ||
			general.Body != "Looks good overall." || general.AuthorID != f.manager.ID || general.AuthorEmail != "m@example.com" ||
			!general.CreatedAt.Equal(f.clock.Now()) || general.ResolvedAt != nil || general.ResolvedBy != 0 {
			t.Fatalf("general comment %+v", general)
		}
		field, err := f.s.AddComment(ctx, "1", d.ID, 1, "/capabilities/webhooks/ms.Event~1Chat/endpoint", "Use https.", f.manager.ID)
		if err != nil {
			t.Fatal(err)
		}
		f.requestChanges(t, d)
		f.submit(t, d)
		reply, err := f.s.AddComment(ctx, "1", d.ID, 2, "/capabilities/webhooks/ms.Event~1Chat/endpoint", "Done.", f.alice.ID)
		if err != nil {
			t.Fatal(err)
		}

		// Resolving: once, by whoever did it first.
		f.clock.Advance(time.Minute)
		resolvedAt := f.clock.Now()
		if err := f.s.ResolveComment(ctx, "1", d.ID, field.ID, f.alice.ID); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Minute)
		if err := f.s.ResolveComment(ctx, "1", d.ID, field.ID, f.manager.ID); err != nil {
			t.Fatalf("resolving again: %v", err)
		}
		list, err := f.s.Comments(ctx, "1", d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range list {
			got = append(got, fmt.Sprintf("%d %d %s %q %s resolved by %q", c.ID, c.Revision, c.Pointer, c.Body, c.AuthorEmail, c.ResolvedByEmail))
		}
		// The "Please fix this." comment came with the request for changes.
		want := []string{
			fmt.Sprintf(`%d 1  "Looks good overall." m@example.com resolved by ""`, general.ID),
			fmt.Sprintf(`%d 1 /capabilities/webhooks/ms.Event~1Chat/endpoint "Use https." m@example.com resolved by "alice@example.com"`, field.ID),
			fmt.Sprintf(`%d 1  "Please fix this." m@example.com resolved by ""`, field.ID+1),
			fmt.Sprintf(`%d 2 /capabilities/webhooks/ms.Event~1Chat/endpoint "Done." alice@example.com resolved by ""`, reply.ID),
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("comments:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if r := list[1]; r.ResolvedBy != f.alice.ID || r.ResolvedAt == nil || !r.ResolvedAt.Equal(resolvedAt) {
			t.Fatalf("resolved %+v", r)
		}

		// What AddComment refuses, on a draft with revisions 1 and 2.
		noRevisions := f.create(t, "1", f.alice.ID, "New")
		tests := []struct {
			name     string
			draftID  int64
			revision int64
			pointer  string
			body     string
			field    string // the *FieldError expected, or ""
			wantErr  error
		}{
			{name: "longest body", draftID: d.ID, revision: 2, body: strings.Repeat("ü", MaxCommentLen)},
			{name: "body too long", draftID: d.ID, revision: 2, body: strings.Repeat("ü", MaxCommentLen+1), field: "body"},
			{name: "empty body", draftID: d.ID, revision: 2, field: "body"},
			{name: "blank body", draftID: d.ID, revision: 2, body: " \n ", field: "body"},
			{name: "root pointer", draftID: d.ID, revision: 2, pointer: "/", body: "ok"},
			{name: "escapes", draftID: d.ID, revision: 2, pointer: "/a~0b/c~1d", body: "ok"},
			{name: "pointer without slash", draftID: d.ID, revision: 2, pointer: "client_name", body: "x", field: "pointer"},
			{name: "bad escape", draftID: d.ID, revision: 2, pointer: "/a~2", body: "x", field: "pointer"},
			{name: "dangling escape", draftID: d.ID, revision: 2, pointer: "/a~", body: "x", field: "pointer"},
			{name: "revision not yet made", draftID: d.ID, revision: 3, body: "x", wantErr: ErrNotFound},
			{name: "revision 0", draftID: d.ID, revision: 0, body: "x", wantErr: ErrNotFound},
			{name: "draft never submitted", draftID: noRevisions.ID, revision: 1, body: "x", wantErr: ErrNotFound},
			{name: "missing draft", draftID: noRevisions.ID + 100, revision: 1, body: "x", wantErr: ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := f.snapshot(t, "1", d.ID)
				c, err := f.s.AddComment(ctx, "1", tt.draftID, tt.revision, tt.pointer, tt.body, f.alice.ID)
				switch {
				case tt.field != "":
					wantFieldError(t, err, tt.field)
				case tt.wantErr != nil:
					if !errors.Is(err, tt.wantErr) {
						t.Fatalf("err = %v, want %v", err, tt.wantErr)
					}
				case err != nil:
					t.Fatal(err)
				default:
					if c.Pointer != tt.pointer || c.Body != tt.body {
						t.Fatalf("comment %+v", c)
					}
					return
				}
				wantUnchanged(t, before, f.snapshot(t, "1", d.ID))
			})
		}

		// Resolving a comment through another draft, or one not there.
		if err := f.s.ResolveComment(ctx, "1", noRevisions.ID, general.ID, f.alice.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("resolving through another draft: err = %v, want ErrNotFound", err)
		}
		if err := f.s.ResolveComment(ctx, "1", d.ID, reply.ID+1000, f.alice.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("resolving a missing comment: err = %v, want ErrNotFound", err)
		}

		// A draft in the trash keeps its comments to read, but takes no new ones.
		f.withdraw(t, d)
		if err := f.s.TrashDraft(ctx, "1", d.ID, f.alice.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddComment(ctx, "1", d.ID, 2, "", "x", f.alice.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("commenting on a trashed draft: err = %v, want ErrNotFound", err)
		}
		if err := f.s.ResolveComment(ctx, "1", d.ID, reply.ID, f.alice.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("resolving on a trashed draft: err = %v, want ErrNotFound", err)
		}
		if list, err := f.s.Comments(ctx, "1", d.ID); err != nil || len(list) < 4 {
			t.Fatalf("comments of a trashed draft: %d, %v", len(list), err)
		}
	})
}

func TestReviewQueue(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		step := func() time.Time { f.clock.Advance(time.Minute); return f.clock.Now() }

		first := f.create(t, "1", f.alice.ID, "First")
		step()
		f.submit(t, first)
		second := f.create(t, "2", f.bob.ID, "Second")
		secondAt := step()
		f.submit(t, second)
		third := f.create(t, "1", f.alice.ID, "Third")
		thirdAt := step()
		f.submit(t, third)
		f.create(t, "1", f.alice.ID, "Never submitted")
		for _, d := range []Draft{f.create(t, "1", f.alice.ID, "Approved"),
			f.create(t, "2", f.bob.ID, "Changes requested"), f.create(t, "2", f.bob.ID, "Withdrawn")} {
			step()
			f.submit(t, d)
			switch d.Title {
			case "Withdrawn":
				f.withdraw(t, d)
			case "Approved":
				f.approve(t, d)
			case "Changes requested":
				f.requestChanges(t, d)
			}
		}
		// Withdrawn and submitted again, the first waits from its new submission.
		f.withdraw(t, first)
		firstAt := step()
		f.submit(t, first)
		// A submitted draft cannot be trashed, but were one in the trash, it
		// would not be waiting.
		hidden := f.create(t, "1", f.alice.ID, "Hidden")
		step()
		f.submit(t, hidden)
		if _, err := f.s.write.ExecContext(ctx, "UPDATE drafts SET deleted_at = ? WHERE id = ?", dbTime(f.clock.Now()), hidden.ID); err != nil {
			t.Fatal(err)
		}

		queue, err := f.s.ReviewQueue(ctx, PageQuery{})
		if err != nil {
			t.Fatal(err)
		}
		want := []QueueItem{
			{DraftID: second.ID, AccountID: "2", AccountName: "Two", Title: "Second", Revision: 1, SubmittedAt: secondAt, SubmittedByEmail: "bob@example.com"},
			{DraftID: third.ID, AccountID: "1", AccountName: "One", Title: "Third", Revision: 1, SubmittedAt: thirdAt, SubmittedByEmail: "alice@example.com"},
			{DraftID: first.ID, AccountID: "1", AccountName: "One", Title: "First", Revision: 2, SubmittedAt: firstAt, SubmittedByEmail: "alice@example.com"},
		}
		if !reflect.DeepEqual(queue.Items, want) || queue.Next != "" {
			t.Fatalf("queue:\n%+v\nwant:\n%+v", queue, want)
		}

		// Deciding takes a draft out of the queue.
		f.approve(t, second)
		f.requestChanges(t, third)
		f.withdraw(t, first)
		if queue, err := f.s.ReviewQueue(ctx, PageQuery{}); err != nil || queue.Items == nil || len(queue.Items) != 0 {
			t.Fatalf("queue after deciding = %+v, %v; want empty", queue, err)
		}
	})
}

// TestReviewQueuePages: the queue pages forwards and back, with drafts
// submitted at the same moment across page boundaries.
func TestReviewQueuePages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		var want []int64 // the longest waiting first: earlier time, then lower id
		for i := range 11 {
			d := f.create(t, []string{"1", "2"}[i%2], []int64{f.alice.ID, f.bob.ID}[i%2], fmt.Sprintf("Bot %d", i))
			f.submit(t, d)
			want = append(want, d.ID)
			if i%4 == 3 {
				f.clock.Advance(time.Second) // runs of four share a time
			}
		}
		walkPages(t, 3, func(q PageQuery) (Page[QueueItem], error) { return f.s.ReviewQueue(ctx, q) },
			func(i QueueItem) int64 { return i.DraftID }, want)
	})
}

// TestListFinalizedPages: the approved lists page forwards and back, with
// manifests approved at the same moment across page boundaries.
func TestListFinalizedPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		var all, one []int64 // the most recently approved first: later time, then higher id
		for i := range 11 {
			account := []string{"1", "2"}[i%3%2]
			d := f.create(t, account, f.customer(account).ID, fmt.Sprintf("Bot %d", i))
			f.submit(t, d)
			f.approve(t, d)
			all = append([]int64{d.ID}, all...)
			if account == "1" {
				one = append([]int64{d.ID}, one...)
			}
			if i%4 == 3 {
				f.clock.Advance(time.Second) // runs of four share a time
			}
		}
		for account, want := range map[string][]int64{"": all, "1": one} {
			walkPages(t, 3, func(q PageQuery) (Page[Finalized], error) { return f.s.ListFinalized(ctx, account, q) },
				func(fin Finalized) int64 { return fin.DraftID }, want)
		}
	})
}

func TestListFinalized(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		step := func() { f.clock.Advance(time.Minute) }

		alpha := f.create(t, "1", f.alice.ID, "Alpha") // approved twice: the second counts
		f.submit(t, alpha)
		step()
		f.approve(t, alpha)
		beta := f.create(t, "2", f.bob.ID, "Beta")
		f.submit(t, beta)
		step()
		betaRev := f.approve(t, beta)
		f.edit(t, alpha, "Alpha 2")
		f.submit(t, alpha)
		step()
		alphaRev := f.approve(t, alpha)
		gamma := f.create(t, "1", f.alice.ID, "Gamma") // approved, then edited and under review again
		f.submit(t, gamma)
		step()
		gammaRev := f.approve(t, gamma)
		f.edit(t, gamma, "Gamma 2")
		f.submit(t, gamma)
		delta := f.create(t, "1", f.alice.ID, "Delta") // never approved
		f.submit(t, delta)
		f.requestChanges(t, delta)
		// An approved draft cannot be trashed, but were one in the trash, its
		// manifest would still be final.
		kept := f.create(t, "2", f.bob.ID, "Kept")
		f.submit(t, kept)
		step()
		keptRev := f.approve(t, kept)
		if _, err := f.s.write.ExecContext(ctx, "UPDATE drafts SET deleted_at = ? WHERE id = ?", dbTime(f.clock.Now()), kept.ID); err != nil {
			t.Fatal(err)
		}

		rowOf := func(r Revision, account string) string {
			return fmt.Sprintf("%d/%d %s %s %s %s", r.DraftID, r.Number, r.ClientName, r.SHA256[:8], r.DecidedAt.Format(time.TimeOnly), account)
		}
		tests := []struct {
			account string
			want    []string
		}{
			{"", []string{rowOf(keptRev, "Two"), rowOf(gammaRev, "One"), rowOf(alphaRev, "One"), rowOf(betaRev, "Two")}},
			{"1", []string{rowOf(gammaRev, "One"), rowOf(alphaRev, "One")}},
			{"2", []string{rowOf(keptRev, "Two"), rowOf(betaRev, "Two")}},
			{"404", []string{}},
		}
		for _, tt := range tests {
			t.Run("account "+tt.account, func(t *testing.T) {
				list, err := f.s.ListFinalized(ctx, tt.account, PageQuery{})
				if err != nil || list.Items == nil || list.Next != "" {
					t.Fatalf("ListFinalized = %v, %v", list, err)
				}
				got := []string{}
				for _, fin := range list.Items {
					if fin.ApprovedByEmail != "m@example.com" || len(fin.SHA256) != 64 {
						t.Fatalf("finalized %+v", fin)
					}
					got = append(got, rowOf(Revision{DraftID: fin.DraftID, Number: fin.Number, ClientName: fin.ClientName,
						SHA256: fin.SHA256, DecidedAt: &fin.ApprovedAt}, fin.AccountName))
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Fatalf("finalized:\n%v\nwant:\n%v", got, tt.want)
				}
			})
		}
		if alphaRev.Number != 2 || gammaRev.Number != 1 {
			t.Fatalf("alpha %d, gamma %d", alphaRev.Number, gammaRev.Number)
		}
	})
}

// TestReviewsStayInTheirAccount: naming another account's draft, revision
// or comment is the same as naming none, for every function that takes an
// account, and changes nothing.
func TestReviewsStayInTheirAccount(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		submitted := f.create(t, "2", f.bob.ID, "Bob's submitted")
		f.submit(t, submitted)
		bobsComment, err := f.s.AddComment(ctx, "2", submitted.ID, 1, "/client_name", "Bob's comment", f.manager.ID)
		if err != nil {
			t.Fatal(err)
		}
		editing := f.create(t, "2", f.bob.ID, "Bob's editing")
		f.submit(t, editing)
		f.requestChanges(t, editing)
		mine := f.create(t, "1", f.alice.ID, "Alice's")
		f.submit(t, mine)
		editing = f.get(t, "2", editing.ID)

		tests := []struct {
			name string
			op   func() error
		}{
			{"Submit", func() error {
				_, err := f.s.Submit(ctx, "1", editing.ID, editing.Version, f.alice.ID, frozen(editing), "Mine")
				return err
			}},
			{"Withdraw", func() error { return f.s.Withdraw(ctx, "1", submitted.ID, f.alice.ID) }},
			{"Revision", func() error { _, err := f.s.Revision(ctx, "1", submitted.ID, 1); return err }},
			{"Revisions", func() error { _, err := f.s.Revisions(ctx, "1", submitted.ID); return err }},
			{"Transitions", func() error { _, err := f.s.Transitions(ctx, "1", submitted.ID); return err }},
			{"AddComment", func() error {
				_, err := f.s.AddComment(ctx, "1", submitted.ID, 1, "", "Mine", f.alice.ID)
				return err
			}},
			{"ResolveComment", func() error { return f.s.ResolveComment(ctx, "1", submitted.ID, bobsComment.ID, f.alice.ID) }},
			{"ResolveComment through my draft", func() error { return f.s.ResolveComment(ctx, "1", mine.ID, bobsComment.ID, f.alice.ID) }},
			{"Comments", func() error { _, err := f.s.Comments(ctx, "1", submitted.ID); return err }},
			{"SaveDraft", func() error {
				_, err := f.s.SaveDraft(ctx, "1", editing.ID, editing.Version, f.alice.ID, DraftInput{Title: "Mine"})
				return err
			}},
			{"TrashDraft", func() error { return f.s.TrashDraft(ctx, "1", editing.ID, f.alice.ID) }},
			{"Revision of a missing account", func() error { _, err := f.s.Revision(ctx, "404", submitted.ID, 1); return err }},
		}
		before := []reviewSnapshot{f.snapshot(t, "2", submitted.ID), f.snapshot(t, "2", editing.ID), f.snapshot(t, "1", mine.ID)}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if err := tt.op(); !errors.Is(err, ErrNotFound) {
					t.Fatalf("err = %v, want ErrNotFound", err)
				}
				after := []reviewSnapshot{f.snapshot(t, "2", submitted.ID), f.snapshot(t, "2", editing.ID), f.snapshot(t, "1", mine.ID)}
				for i := range before {
					wantUnchanged(t, before[i], after[i])
				}
			})
		}

		f.approve(t, submitted)
		if list, _ := f.s.ListFinalized(ctx, "1", PageQuery{}); len(list.Items) != 0 {
			t.Fatalf("account 1 sees finalized %+v", list)
		}
		if list, _ := f.s.ListFinalized(ctx, "2", PageQuery{}); len(list.Items) != 1 || list.Items[0].DraftID != submitted.ID {
			t.Fatalf("account 2 sees finalized %+v", list)
		}
	})
}

// TestConcurrentDecisions: two people acting on the same revision at once
// never both win, and what is stored tells one consistent story.
func TestConcurrentDecisions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		type actor struct {
			name    string
			to      State
			outcome string
			act     func(f *draftFixture, d Draft, by User) error
		}
		approve := actor{"approve", StateApproved, OutcomeApproved, func(f *draftFixture, d Draft, by User) error {
			_, err := f.s.Approve(ctx, d.ID, d.LatestRevision, by.ID)
			return err
		}}
		requestChanges := actor{"request changes", StateChangesRequested, OutcomeChangesRequested, func(f *draftFixture, d Draft, by User) error {
			return f.s.RequestChanges(ctx, d.ID, d.LatestRevision, by.ID, "Not like this.")
		}}
		withdraw := actor{"withdraw", StateDraft, OutcomeWithdrawn, func(f *draftFixture, d Draft, by User) error {
			return f.s.Withdraw(ctx, d.AccountID, d.ID, by.ID)
		}}
		rounds := 40
		if testing.Short() {
			rounds = 10
		}
		pairs := [][2]actor{{approve, requestChanges}, {approve, approve}, {requestChanges, withdraw}}
		for _, pair := range pairs {
			t.Run(pair[0].name+" vs "+pair[1].name, func(t *testing.T) {
				f := db.fixture(t)
				people := [2]User{f.manager, mustUser(t, f.s, User{Email: "m2@example.com", Role: RoleManager})}
				if pair[1].name == "withdraw" {
					people[1] = f.alice
				}
				wins := [2]int{}
				for round := range rounds {
					d := f.create(t, "1", f.alice.ID, fmt.Sprint("Race ", round))
					f.submit(t, d)
					d = f.get(t, "1", d.ID)
					var errs [2]error
					start := make(chan struct{})
					var wg sync.WaitGroup
					// Who gets going first alternates, so that each side wins some.
					for j := range 2 {
						i := (j + round) % 2
						wg.Go(func() {
							<-start
							errs[i] = pair[i].act(f, d, people[i])
						})
					}
					close(start)
					wg.Wait()

					winner := -1
					switch {
					case errs[0] == nil && errs[1] == nil:
						t.Fatalf("round %d: both won", round)
					case errs[0] == nil:
						winner = 0
					case errs[1] == nil:
						winner = 1
					default:
						t.Fatalf("round %d: neither won: %v; %v", round, errs[0], errs[1])
					}
					wins[winner]++
					if loser := errs[1-winner]; !errors.Is(loser, ErrNotAllowed) {
						t.Fatalf("round %d: loser's err = %v, want ErrNotAllowed", round, loser)
					}
					won, by := pair[winner], people[winner]
					snap := f.snapshot(t, "1", d.ID)
					if snap.Draft.State != won.to || len(snap.Revisions) != 1 {
						t.Fatalf("round %d: %s won but the draft is %q with %d revisions", round, won.name, snap.Draft.State, len(snap.Revisions))
					}
					if rev := snap.Revisions[0]; rev.Outcome != won.outcome || rev.DecidedBy != by.ID {
						t.Fatalf("round %d: %s by %s won but the revision is %+v", round, won.name, by.Email, rev)
					}
					if len(snap.Transitions) != 2 || snap.Transitions[1].From != StateSubmitted ||
						snap.Transitions[1].To != won.to || snap.Transitions[1].By != by.ID {
						t.Fatalf("round %d: %s won but the transitions are %+v", round, won.name, snap.Transitions)
					}
					wantComments := 0
					if won.name == "request changes" {
						wantComments = 1
					}
					if len(snap.Comments) != wantComments {
						t.Fatalf("round %d: %s won; comments %+v", round, won.name, snap.Comments)
					}
				}
				t.Logf("wins: %s %d, %s %d", pair[0].name, wins[0], pair[1].name, wins[1])
			})
		}
	})
}

// TestTrashKeepsApproved: what cannot go to the trash, and what the purge
// takes with a draft and leaves of others.
func TestTrashKeepsApproved(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		approved := f.create(t, "1", f.alice.ID, "Approved")
		f.submit(t, approved)
		f.approve(t, approved)
		reopened := f.create(t, "1", f.alice.ID, "Reopened")
		f.submit(t, reopened)
		f.approve(t, reopened)
		f.edit(t, reopened, "Reopened 2")
		for _, d := range []Draft{approved, reopened} {
			err := f.s.TrashDraft(ctx, "1", d.ID, f.alice.ID)
			wantTransitionError(t, err, f.get(t, "1", d.ID).State)
			if !strings.Contains(err.Error(), "approved") {
				t.Errorf("err = %v, want it to say why", err)
			}
		}

		// A draft that went through review goes to the trash and, in time, away
		// with its revisions, comments and transitions.
		reviewed := f.create(t, "1", f.alice.ID, "Reviewed")
		f.submit(t, reviewed)
		f.requestChanges(t, reviewed)
		if err := f.s.TrashDraft(ctx, "1", reviewed.ID, f.alice.ID); err != nil {
			t.Fatal(err)
		}
		restored, err := f.s.RestoreDraft(ctx, "1", reviewed.ID, f.alice.ID, f.clock.Now())
		if err != nil || restored.State != StateChangesRequested || restored.LatestRevision != 1 {
			t.Fatalf("restored %+v, %v", restored, err)
		}
		if err := f.s.TrashDraft(ctx, "1", reviewed.ID, f.alice.ID); err != nil {
			t.Fatal(err)
		}
		// Were an approved draft in the trash, the purge would still keep it.
		if _, err := f.s.write.ExecContext(ctx, "UPDATE drafts SET deleted_at = ? WHERE id = ?", dbTime(f.clock.Now()), approved.ID); err != nil {
			t.Fatal(err)
		}
		keptBefore := f.snapshot(t, "1", approved.ID)
		n, err := f.s.PurgeTrash(ctx, f.clock.Now().Add(time.Second))
		if err != nil || n != 1 {
			t.Fatalf("purged %d, %v; want 1", n, err)
		}
		for _, table := range []string{"drafts WHERE id", "revisions WHERE draft_id", "comments WHERE draft_id", "transitions WHERE draft_id"} {
			var left int
			if err := f.s.read.QueryRowContext(ctx, "SELECT count(*) FROM "+table+" = ?", reviewed.ID).Scan(&left); err != nil || left != 0 {
				t.Errorf("%s: %d left, %v", table, left, err)
			}
		}
		wantUnchanged(t, keptBefore, f.snapshot(t, "1", approved.ID))
	})
}

func TestDuplicateReviewedDraft(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		f := db.fixture(t)
		ctx := context.Background()
		d := f.create(t, "1", f.alice.ID, "Bot")
		f.submit(t, d)
		f.requestChanges(t, d)
		f.submit(t, d)
		f.approve(t, d)
		for _, state := range []string{"approved", "submitted"} {
			if state == "submitted" {
				f.edit(t, d, "Bot 2")
				f.submit(t, d)
			}
			dup, err := f.s.DuplicateDraft(ctx, "1", d.ID, f.alice.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			snap := f.snapshot(t, "1", dup.ID)
			if dup.State != StateDraft || dup.LatestRevision != 0 || dup.Approved || len(snap.Revisions) != 0 ||
				len(snap.Transitions) != 0 || len(snap.Comments) != 0 || !sameDraft(snap.Draft, dup) {
				t.Fatalf("copy of a %s draft: %+v", state, snap)
			}
			// The copy is a draft like any other.
			f.submit(t, dup)
		}
	})
}
