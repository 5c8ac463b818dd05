package views

import (
	"net/url"
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
	Page, Pages, Total     int
	Manager                bool // the viewer is an account manager
}

func (l DraftList) pageURL(page int) string {
	q := url.Values{}
	if l.Search != "" {
		q.Set("q", l.Search)
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	u := "/accounts/" + l.AccountID + "/drafts"
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
