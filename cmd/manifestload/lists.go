package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	xhtml "golang.org/x/net/html"
)

// listPage is one list measure: a page fetched on one connection, as a
// browser would (gzip), its latency taken as the server's time.
type listPage struct {
	measure   string
	path      string
	manager   bool // the manager's page; else the customer's
	latencies []time.Duration
	last      answer
}

type listFigures struct{ pages []*listPage }

// listTargets are the drafts list's first page, a deep page and a search,
// and the review queue's and approved list's first pages.
func (b *bench) listTargets(ctx context.Context) (*listFigures, error) {
	first := "/accounts/" + listAccount + "/drafts"
	deep, depth, err := b.deepPage(ctx, first)
	if err != nil {
		return nil, err
	}
	n := count(float64(b.cfg.drafts))
	return &listFigures{pages: []*listPage{
		{measure: n + " drafts: first page", path: first},
		{measure: fmt.Sprintf("%s drafts: page %s", n, count(float64(depth))), path: deep},
		{measure: fmt.Sprintf("%s drafts: search %q", n, b.seeded.searchTerm), path: first + "?q=" + url.QueryEscape(b.seeded.searchTerm)},
		{measure: fmt.Sprintf("review queue, %s rows", count(float64(b.cfg.reviewDrafts))), path: "/reviews", manager: true},
		{measure: fmt.Sprintf("approved list, %s rows", count(float64(b.cfg.reviewDrafts))), path: "/finalized", manager: true},
	}}, nil
}

// again is the same list measures afresh, their measures starting with label.
func (l *listFigures) again(label string) *listFigures {
	fresh := &listFigures{}
	for _, p := range l.pages {
		fresh.pages = append(fresh.pages, &listPage{measure: label + p.measure, path: p.path, manager: p.manager})
	}
	return fresh
}

// deepPage finds the URL of page cfg.deepPage of the drafts list from the
// first page's "next" link: by its page number when it has one, else by
// following next links (cursor pages), within cfg.walkFor. It answers the
// URL and the page it reached.
func (b *bench) deepPage(ctx context.Context, first string) (string, int, error) {
	c := newClient(1, b.customer)
	defer c.CloseIdleConnections()
	path, page := first, 1
	deadline := time.Now().Add(b.cfg.walkFor)
	for page < b.cfg.deepPage && time.Now().Before(deadline) {
		a, err := get(ctx, c, b.server.base+path)
		if err != nil {
			return "", 0, err
		}
		next, ok := nextLink(a.body)
		if !ok {
			break // the last page
		}
		u, err := url.Parse(next)
		if err != nil {
			return "", 0, fmt.Errorf("next link %q: %w", next, err)
		}
		if n, err := strconv.Atoi(u.Query().Get("page")); err == nil && n == page+1 {
			last := (b.cfg.drafts + 19) / 20 // pages of 20 today; a last page past the end is empty, not wrong
			q := u.Query()
			page = min(b.cfg.deepPage, last)
			q.Set("page", strconv.Itoa(page))
			u.RawQuery = q.Encode()
			return u.String(), page, nil
		}
		path, page = u.String(), page+1
	}
	return path, page, nil
}

// nextLink is the href of the page's rel="next" link.
func nextLink(page []byte) (string, bool) {
	z := xhtml.NewTokenizer(bytes.NewReader(page))
	for tt := z.Next(); tt != xhtml.ErrorToken; tt = z.Next() {
		if tt != xhtml.StartTagToken {
			continue
		}
		if t := z.Token(); t.Data == "a" && attr(t, "rel") == "next" {
			return attr(t, "href"), true
		}
	}
	return "", false
}

// listRound fetches every list page cfg.listRequests times through d (in
// turn from its instances), after one request to warm it.
func (b *bench) listRound(ctx context.Context, l *listFigures, d *deployment) error {
	for _, p := range l.pages {
		jar := d.customer
		if p.manager {
			jar = d.manager
		}
		c := newClient(1, jar)
		for i := range b.cfg.listRequests + 1 {
			begin := time.Now()
			a, err := get(ctx, c, d.base(i)+p.path)
			took := time.Since(begin)
			if err != nil {
				return fmt.Errorf("GET %s: %w", p.path, err)
			}
			if a.status != http.StatusOK {
				return fmt.Errorf("GET %s: status %d", p.path, a.status)
			}
			if i > 0 {
				p.latencies = append(p.latencies, took)
			}
			p.last = a
		}
		c.CloseIdleConnections()
	}
	return nil
}

func (l *listFigures) figures() []figure {
	var figures []figure
	for _, p := range l.pages {
		took := median(p.latencies)
		rows := bytes.Count(p.last.body, []byte("<tr")) - 1 // less the header row
		figures = append(figures, figure{
			measure: p.measure,
			value: fmt.Sprintf("%s (%s rows, %s, %s gzip)", duration(took), count(float64(max(rows, 0))),
				size(len(p.last.body)), size(p.last.wire)),
			goal: "<= 10 ms", met: took <= 10*time.Millisecond,
		})
	}
	return figures
}

// firstLoad is what a browser with an empty cache fetches to show the
// editor: the page, gzipped, and every stylesheet, script and image it names.
func (b *bench) firstLoad(ctx context.Context) (figure, error) {
	c := newClient(1, b.customer)
	defer c.CloseIdleConnections()
	path := fmt.Sprintf("/drafts/%d", b.seeded.editorDrafts[0])
	page, err := get(ctx, c, b.server.base+path)
	if err != nil {
		return figure{}, err
	}
	total, assets := page.wire, 0
	urls := staticURLs(page.body)
	for _, u := range urls {
		a, err := get(ctx, c, b.server.base+u)
		if err != nil {
			return figure{}, err
		}
		if a.status != http.StatusOK {
			return figure{}, fmt.Errorf("GET %s: status %d", u, a.status)
		}
		assets += a.wire
	}
	total += assets
	return figure{measure: "editor first load, all bytes",
		value: fmt.Sprintf("%s (HTML %s of %s; %d assets %s)", size(total), size(page.wire), size(len(page.body)), len(urls), size(assets)),
		goal:  "<= 30 KB gzip", met: total <= 30_000}, nil
}
