package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	defaultPerPage = 20
	maxPerPage     = 100
)

// PageQuery says which page of a list to read. A list is read from a place
// in it, a cursor that an earlier Page gave, rather than by page number:
// finding page 500 by number means reading the 499 before it, and the pages
// shift under the reader as rows are added.
type PageQuery struct {
	After   string // the page that follows this cursor (a Page's Next); "" for the first page
	Before  string // the page that comes before this cursor (a Page's Prev)
	PerPage int    // default 20, at most 100
}

// Page is one page of a list, in the list's order.
type Page[T any] struct {
	Items []T
	// Prev and Next are the cursors of the pages before and after this one,
	// for PageQuery.Before and PageQuery.After; "" when there is none.
	Prev, Next string
}

// ErrBadCursor: a cursor that no Page gave (mistyped or made up).
var ErrBadCursor = fmt.Errorf("not a place in the list: %w", ErrNotFound)

// keyset reads a list ordered by a time column, then by an id column to
// break ties, both descending or both ascending. Each page is one index
// range read from the cursor, however deep it is.
type keyset struct {
	key, id string // the ordering columns, as the query names them
	desc    bool   // newest first
}

// cursor is a place in a keyset list: the key and id of a row.
type cursor struct {
	key string // stored time text
	id  int64
}

func (c cursor) String() string { return c.key + "_" + strconv.FormatInt(c.id, 10) }

func parseCursor(s string) (cursor, error) {
	key, id, ok := strings.Cut(s, "_")
	n, err := strconv.ParseInt(id, 10, 64)
	if _, terr := time.Parse(timeLayout, key); !ok || err != nil || terr != nil {
		return cursor{}, ErrBadCursor
	}
	return cursor{key: key, id: n}, nil
}

// page reads one page of the list that base selects: a SELECT whose first
// two columns are k's key and id, ending in a WHERE clause that the page's
// range is added to. fields gives the destinations of the other columns.
func page[T any](ctx context.Context, q querier, k keyset, base string, args []any, pq PageQuery, fields func(*T) []any) (Page[T], error) {
	perPage := pq.PerPage
	switch {
	case perPage <= 0:
		perPage = defaultPerPage
	case perPage > maxPerPage:
		perPage = maxPerPage
	}
	from, backwards := pq.After, false
	if from == "" && pq.Before != "" {
		from, backwards = pq.Before, true
	}
	// One row more than a page tells whether there is more beyond it.
	items, keys, err := readRange(ctx, q, k, base, args, from, backwards, perPage+1, fields)
	if err != nil {
		return Page[T]{}, err
	}
	more := len(items) > perPage
	if backwards && !more {
		// Less than a page before the cursor: that is the first page.
		return page(ctx, q, k, base, args, PageQuery{PerPage: perPage}, fields)
	}
	items, keys = items[:min(len(items), perPage)], keys[:min(len(keys), perPage)]
	if backwards {
		slices.Reverse(items)
		slices.Reverse(keys)
	}
	p := Page[T]{Items: items}
	switch {
	case len(keys) > 0:
		if backwards || more {
			p.Next = keys[len(keys)-1].String()
		}
		if from != "" {
			p.Prev = keys[0].String()
		}
	case from != "":
		p.Prev = from // past the end: back to what comes before
	}
	return p, nil
}

// readRange reads up to limit rows from the cursor from (from the start
// for ""), forwards in the list's order or backwards.
func readRange[T any](ctx context.Context, q querier, k keyset, base string, args []any, from string, backwards bool, limit int, fields func(*T) []any) ([]T, []cursor, error) {
	args = slices.Clip(args)
	if from != "" {
		c, err := parseCursor(from)
		if err != nil {
			return nil, nil, err
		}
		args = append(args, c.key, c.id)
	}
	rows, err := q.QueryContext(ctx, k.rangeQuery(base, from != "", backwards), append(args, limit)...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	items, keys := []T{}, []cursor{}
	for rows.Next() {
		var item T
		var c cursor
		if err := rows.Scan(append([]any{&c.key, &c.id}, fields(&item)...)...); err != nil {
			return nil, nil, err
		}
		items, keys = append(items, item), append(keys, c)
	}
	return items, keys, rows.Err()
}

// rangeQuery is base reading a range in k's order, or backwards: from a
// cursor (its key and id the next arguments) when fromCursor, then up to a
// limit (the last argument).
func (k keyset) rangeQuery(base string, fromCursor, backwards bool) string {
	desc := k.desc != backwards
	op, dir := " > ", " ASC"
	if desc {
		op, dir = " < ", " DESC"
	}
	if fromCursor {
		base += " AND (" + k.key + ", " + k.id + ")" + op + "(?, ?)"
	}
	return base + " ORDER BY " + k.key + dir + ", " + k.id + dir + " LIMIT ?"
}
