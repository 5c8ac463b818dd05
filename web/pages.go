package web

import (
	"net/http"
	"net/url"

	"github.com/liveengage/manifestd/store"
	"github.com/liveengage/manifestd/views"
)

// A page of a list is named by a cursor in the URL: ?after= for the page
// that follows a place in the list, ?before= for the one before it. Other
// parameters (a search) stay as they are.
const (
	afterParam  = "after"
	beforeParam = "before"
)

// pageQuery is the page of a list this request asks for.
func pageQuery(r *http.Request, perPage int) store.PageQuery {
	q := r.URL.Query()
	return store.PageQuery{After: q.Get(afterParam), Before: q.Get(beforeParam), PerPage: perPage}
}

// pageLinks are the URLs of the pages before and after the one this request
// shows, from their cursors ("" for none).
func pageLinks(r *http.Request, prev, next string) views.PageLinks {
	return views.PageLinks{Prev: withCursor(r.URL, beforeParam, prev), Next: withCursor(r.URL, afterParam, next)}
}

func withCursor(u *url.URL, param, cursor string) string {
	if cursor == "" {
		return ""
	}
	q := u.Query()
	q.Del(afterParam)
	q.Del(beforeParam)
	q.Set(param, cursor)
	return u.Path + "?" + q.Encode()
}
