package store

import (
	"context"
	"fmt"
	"time"
)

// A draft's history is kept by triggers on drafts (migration 0010): every
// save that changes the document is a version, and these are the figures
// they keep to, for the pages that explain them. The migration holds the
// same figures; versions_test.go checks that they agree.
const (
	// VersionMergeWindow: saves by one person in a run that began less than
	// this long before are one version.
	VersionMergeWindow = 5 * time.Minute
	// VersionsKept is how many versions a draft keeps, the latest.
	VersionsKept = 200
)

// Version is one version of a draft's document in its history.
type Version struct {
	// Version is the draft's version at the last save this holds, and
	// FirstVersion at the first: saves merged into one span them.
	Version, FirstVersion int64
	Document              []byte
	SavedBy               int64 // 0 when that person no longer exists
	SavedByEmail          string
	FirstSavedAt, SavedAt time.Time
	RestoredFrom          int64 // the version this one restored; 0 for an ordinary save
}

// Saves is how many saves the version holds.
func (v Version) Saves() int64 { return v.Version - v.FirstVersion + 1 }

// versionSelect reads versions of a live draft of an account: the caller
// chooses the account, as for drafts.
const versionSelect = `SELECT v.version, v.first_version, v.document, COALESCE(v.saved_by, 0), COALESCE(u.email, ''),
		v.first_saved_at, v.saved_at, COALESCE(v.restored_from, 0)
	FROM draft_versions v JOIN drafts d ON d.id = v.draft_id LEFT JOIN users u ON u.id = v.saved_by
	WHERE v.draft_id = ? AND d.account_id = ? AND d.deleted_at IS NULL `

func scanVersions(r *rows) ([]Version, error) {
	defer r.Close()
	var list []Version
	for r.Next() {
		var v Version
		var doc string
		if err := r.Scan(&v.Version, &v.FirstVersion, &doc, &v.SavedBy, &v.SavedByEmail,
			timeCol{&v.FirstSavedAt}, timeCol{&v.SavedAt}, &v.RestoredFrom); err != nil {
			return nil, err
		}
		v.Document = []byte(doc)
		list = append(list, v)
	}
	return list, r.Err()
}

// Versions returns up to n versions of a live draft of the account, newest
// first, older than before (0: from the newest). A draft that is not live
// in the account has none.
func (s *Store) Versions(ctx context.Context, accountID string, id, before int64, n int) ([]Version, error) {
	if before <= 0 {
		before = 1<<63 - 1
	}
	r, err := s.read.QueryContext(ctx, versionSelect+"AND v.version < ? ORDER BY v.version DESC LIMIT ?", id, accountID, before, n)
	if err != nil {
		return nil, fmt.Errorf("versions of draft %d: %w", id, err)
	}
	list, err := scanVersions(r)
	if err != nil {
		return nil, fmt.Errorf("versions of draft %d: %w", id, err)
	}
	return list, nil
}

// DraftVersion returns the version of a live draft of the account that
// holds the draft's version n, and the version before it when there is one
// still kept. A version not kept, or a draft not live in the account, is
// ErrNotFound.
func (s *Store) DraftVersion(ctx context.Context, accountID string, id, n int64) (at Version, before *Version, err error) {
	// The versions that began at n or earlier, newest first: the first
	// holds n if it reaches that far, the second is the one before it.
	r, err := s.read.QueryContext(ctx, versionSelect+"AND v.first_version <= ? ORDER BY v.version DESC LIMIT 2", id, accountID, n)
	if err != nil {
		return Version{}, nil, fmt.Errorf("version %d of draft %d: %w", n, id, err)
	}
	list, err := scanVersions(r)
	switch {
	case err != nil:
		return Version{}, nil, fmt.Errorf("version %d of draft %d: %w", n, id, err)
	case len(list) == 0 || list[0].Version < n:
		return Version{}, nil, fmt.Errorf("version %d of draft %d: %w", n, id, ErrNotFound)
	case len(list) == 2:
		before = &list[1]
	}
	return list[0], before, nil
}
