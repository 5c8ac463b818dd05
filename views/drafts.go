package views

import (
	"strconv"
	"time"
)

// DraftRow is one draft in a list.
type DraftRow struct {
	ID               int64
	Title            string
	UpdatedAt        time.Time
	UpdatedBy        string
	Errors, Warnings int
	DeletedAt        time.Time
	State            string // review state
}

func (d DraftRow) href() string { return "/drafts/" + strconv.FormatInt(d.ID, 10) }

// DraftList is an account's drafts page.
type DraftList struct {
	AccountID, AccountName string
	Rows                   []DraftRow
	Search                 string
	Pages                  PageLinks
	Manager                bool // the viewer is an account manager
}

// PageLinks are the URLs of the pages before and after a page of a list;
// "" where there is none.
type PageLinks struct {
	Prev, Next string
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
