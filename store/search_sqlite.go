package store

import (
	"context"
	"strings"
	"unicode/utf8"
)

// SQLite's title search, over the FTS5 trigram index of its migration 0009.

const (
	// minTrigramSearch is the shortest search the trigram index can
	// answer, in characters: it holds every run of three.
	minTrigramSearch = 3
	// fewMatches is where a search stops counting the titles that match.
	// Fewer are read by id from the index and sorted; more are found as
	// fast by reading the account's drafts in the list's order, where a
	// page of them comes soon. (BenchmarkLists: a search matching one
	// draft of 100,000 takes 0.4 ms this way, against 22 ms reading in
	// order; one matching all, 0.4 ms against 35 ms by id.)
	fewMatches = 200
)

// sqliteTitleSearch is the filter for titles that contain text, in any
// case, as likeTitle says. With three characters or more, the trigram index
// counts the matches, up to fewMatches, and for fewer of them gives their
// ids; the search is a phrase of the index, in which a user's quotes and
// FTS5 operators (NEAR, AND, *, -) are characters, not syntax. A shorter or
// a common search is likeTitle's LIKE on each draft read in order, until a
// page matches.
func sqliteTitleSearch(ctx context.Context, read querier, text string) (titleFilter, error) {
	key := searchKey(text)
	if utf8.RuneCountInString(key) < minTrigramSearch {
		return likeTitle(text), nil
	}
	phrase := `"` + strings.ReplaceAll(key, `"`, `""`) + `"`
	var matches int
	err := read.QueryRowContext(ctx, `SELECT count(*) FROM
		(SELECT 1 FROM drafts_search WHERE drafts_search MATCH ? LIMIT ?)`, phrase, fewMatches).Scan(&matches)
	if err != nil || matches >= fewMatches {
		return likeTitle(text), err
	}
	// NOT INDEXED: read the matches by id (the rowid), not in list order.
	return titleFilter{from: " NOT INDEXED", where: ` AND drafts.id IN (SELECT rowid FROM drafts_search WHERE drafts_search MATCH ?)`,
		args: []any{phrase}}, nil
}
