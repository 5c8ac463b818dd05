package store

import "strings"

// titleFilter narrows the drafts page to drafts whose title contains a
// search: from goes after "FROM drafts", where (with its args) at the end
// of the WHERE clause. Each engine makes its own (engine.titleSearch).
type titleFilter struct {
	from, where string
	args        []any
}

// likeTitle is the filter that both engines understand: drafts.title_search,
// the lower-cased title, contains the lower-cased text.
func likeTitle(text string) titleFilter {
	return titleFilter{where: ` AND drafts.title_search LIKE ? ESCAPE '\'`, args: []any{"%" + escapeLike(searchKey(text)) + "%"}}
}

// escapeLike makes s match itself literally in a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
