package main

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/liveengage/manifestd/manifest"
	"github.com/liveengage/manifestd/store"
)

// editorsFigures is what the editors run saw, and what the database held after.
type editorsFigures struct {
	editors    int
	lasted     time.Duration // what the run was asked to last
	run        loadRun
	saves      [][]saved // the 200 answers, by editor
	reported   int       // 409s that showed the conflict notice
	unreported int       // 409s without it, and 200s not based on the version before
	reloads    int       // failed reloads after a conflict
	peakRSS    int64     // the highest VmRSS sampled during the run
	lost       int       // saves answered 200 that the database does not hold
	drafts     int       // drafts checked
}

// editorsRun has cfg.editors editors save without pause for cfg.editorsFor,
// each on its own connection. Most edit a draft of their own; the last
// cfg.secondTabs open another editor's draft in a second tab, so conflicts
// happen, and each must be shown as one.
func (b *bench) editorsRun(ctx context.Context) (*editorsFigures, error) {
	own := b.seeded.editorDrafts[:b.cfg.editors-b.cfg.secondTabs]
	drafts := append(own[:len(own):len(own)], b.seeded.editorDrafts[:b.cfg.secondTabs]...)
	tabs, err := b.openTabs(ctx, drafts, b.sqlite())
	if err != nil {
		return nil, err
	}
	c := newClient(len(tabs), b.customer)
	defer c.CloseIdleConnections()
	e := &editorsFigures{editors: len(tabs), lasted: b.cfg.editorsFor, saves: make([][]saved, len(tabs))}
	reported, unreported, reloads := make([]int, len(tabs)), make([]int, len(tabs)), make([]int, len(tabs))
	send := func(ctx context.Context, w int) int {
		s, err := tabs[w].save(ctx, c, b.server.base, fmt.Sprintf("Editor %d, edit %d", w, len(e.saves[w])+1))
		switch {
		case err != nil:
			return 0
		case s.status == http.StatusOK && s.version == s.base+1:
			e.saves[w] = append(e.saves[w], s)
		case s.status == http.StatusOK:
			unreported[w]++ // saved over a version it was not based on
		case s.status == http.StatusConflict && s.reported:
			reported[w]++
		case s.status == http.StatusConflict:
			unreported[w]++
		case s.retryAfter > 0:
			sleep(ctx, s.retryAfter)
		}
		if s.status == http.StatusConflict && tabs[w].open(ctx, c, b.server.base) != nil {
			reloads[w]++ // the person reloads the page
		}
		return s.status
	}
	stopSampling := e.sampleRSS(b.server.pid())
	e.run = closedLoop(ctx, len(tabs), b.cfg.editorsFor, b.cfg.maxRequests, b.server.pid(), send)
	stopSampling()
	for w := range tabs {
		e.reported += reported[w]
		e.unreported += unreported[w]
		e.reloads += reloads[w]
	}
	return e, nil
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// sampleRSS records the highest VmRSS of pid every 250 ms until stopped.
func (e *editorsFigures) sampleRSS(pid int) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			if rss, err := memory(pid, "VmRSS"); err == nil {
				e.peakRSS = max(e.peakRSS, rss)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// verify reads every edited draft from the database, the server stopped:
// each must hold the last save answered 200, at the version that answer gave.
// Two 200 answers with one version for one draft are a lost save as well.
func (e *editorsFigures) verify(ctx context.Context, path string) error {
	last := map[int64]saved{}
	versions := map[int64]map[int64]bool{}
	drafts := map[int64]bool{}
	for _, saves := range e.saves {
		for _, s := range saves {
			drafts[s.draftID] = true
			if versions[s.draftID] == nil {
				versions[s.draftID] = map[int64]bool{}
			}
			if versions[s.draftID][s.version] {
				e.lost++
			}
			versions[s.draftID][s.version] = true
			if s.version > last[s.draftID].version {
				last[s.draftID] = s
			}
		}
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	for id, s := range last {
		d, err := db.Draft(ctx, listAccount, id)
		if err != nil {
			return err
		}
		doc, _ := manifest.Decode(d.Document)
		if text, _ := doc.Get(editedField); d.Version != s.version || text != s.text {
			e.lost++
		}
	}
	e.drafts = len(drafts)
	return nil
}

func (e *editorsFigures) figures() []figure {
	saves := 0
	for _, s := range e.saves {
		saves += len(s)
	}
	errors := e.run.serverErrors()
	return []figure{
		{measure: fmt.Sprintf("%d editors for %s", e.editors, e.lasted),
			value: fmt.Sprintf("%s saves (%s/s, p99 %s), %d answers 5xx or none, %d lost of %d drafts checked, %s conflicts reported, %d not",
				count(float64(saves)), count(float64(saves)/e.run.elapsed.Seconds()), duration(percentile(e.run.latencies, 0.99)),
				errors, e.lost, e.drafts, count(float64(e.reported)), e.unreported),
			goal: "0 answers 5xx, 0 saves lost, every conflict reported",
			met:  errors == 0 && e.lost == 0 && e.unreported == 0 && e.reloads == 0 && saves > 0},
		{measure: "server RSS under that load (highest VmRSS)", value: megabytes(e.peakRSS), goal: "<= 60 MB", met: e.peakRSS > 0 && e.peakRSS <= 60_000_000},
		// What a memory limit costs shows here: the collector works harder under one.
		{measure: "server CPU per save under that load, conflicts and reloads included", value: duration(e.run.cpuPer(http.StatusOK))},
	}
}
