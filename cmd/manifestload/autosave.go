package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// autosaveFigures are the autosave runs of every round.
type autosaveFigures struct {
	runs   []loadRun
	wires  []int // gzipped sizes of the 200 answers
	plains []int // and their sizes unzipped
	conns  int
}

// autosaveRound has each tab (connection) save its own draft through d, the
// content changing with every request, for cfg.duration.
func (b *bench) autosaveRound(ctx context.Context, round int, tabs []*tab, a *autosaveFigures, d *deployment) error {
	c := newClient(len(tabs), d.customer)
	defer c.CloseIdleConnections()
	a.conns = len(tabs)
	wires, plains := make([][]int, len(tabs)), make([][]int, len(tabs))
	edits := make([]int, len(tabs))
	send := func(ctx context.Context, w int) int {
		edits[w]++
		s, err := tabs[w].save(ctx, c, d.base(w), fmt.Sprintf("Autosave round %d, connection %d, edit %d", round+1, w, edits[w]))
		switch {
		case err != nil:
			return 0
		case s.status == http.StatusOK:
			wires[w], plains[w] = append(wires[w], s.wire), append(plains[w], s.plain)
		case s.status == http.StatusConflict:
			// Nobody else edits this draft, so this should not happen; the
			// figure counts it, and the tab reloads, as a person would.
			tabs[w].open(ctx, c, d.base(w))
		}
		return s.status
	}
	closedLoop(ctx, len(tabs), b.cfg.warmup, b.cfg.maxRequests, 0, send)
	clear(wires)
	clear(plains)
	r := closedLoop(ctx, len(tabs), b.cfg.duration, b.cfg.maxRequests, d.pid(), send)
	if r.answered(http.StatusOK) == 0 {
		return fmt.Errorf("autosave: no save answered 200 (%v)", r.statuses)
	}
	a.runs = append(a.runs, r)
	for w := range wires {
		a.wires, a.plains = append(a.wires, wires[w]...), append(a.plains, plains[w]...)
	}
	return nil
}

func (a *autosaveFigures) figures() []figure {
	rate, cpu := a.rateFigures("")
	return append(rate, cpu)
}

// rateFigures are the saves per second and their p99, their measures
// starting with label, and the server's CPU per save.
func (a *autosaveFigures) rateFigures(label string) ([]figure, figure) {
	var rates []float64
	var p99s, cpus []time.Duration
	errors, conflicts := 0, 0
	for _, r := range a.runs {
		rates = append(rates, r.perSecond(http.StatusOK))
		p99s = append(p99s, percentile(r.latencies, 0.99))
		cpus = append(cpus, r.cpuPer(http.StatusOK))
		errors += r.serverErrors()
		conflicts += r.answered(http.StatusConflict)
	}
	rate, p99, cpu := median(rates), median(p99s), median(cpus)
	return []figure{
			{measure: fmt.Sprintf("%sautosave at %d connections, content changing: saves/s", label, a.conns),
				value: count(rate) + "/s" + errorNote(errors, conflicts), goal: ">= 3,000/s", met: rate >= 3000},
			{measure: fmt.Sprintf("%sautosave at %d connections, content changing: p99", label, a.conns),
				value: duration(p99), goal: "<= 30 ms", met: p99 <= 30*time.Millisecond},
		},
		figure{measure: "server CPU per autosave", value: duration(cpu), goal: "<= 0.3 ms", met: cpu <= 300*time.Microsecond}
}

// rate is the median of the rounds' saves per second.
func (a *autosaveFigures) rate() float64 {
	var rates []float64
	for _, r := range a.runs {
		rates = append(rates, r.perSecond(http.StatusOK))
	}
	return median(rates)
}

func (a *autosaveFigures) answerFigure() figure {
	wire := median(a.wires)
	return figure{measure: "autosave answer", value: fmt.Sprintf("%s gzip (%s unzipped)", size(wire), size(median(a.plains))),
		goal: "<= 3 KB gzip", met: wire > 0 && wire <= 3000}
}

// errorNote says what went wrong besides, if anything did.
func errorNote(errors, conflicts int) string {
	switch {
	case errors == 0 && conflicts == 0:
		return ""
	case conflicts == 0:
		return fmt.Sprintf(" (%d answers 5xx or none)", errors)
	}
	return fmt.Sprintf(" (%d answers 5xx or none, %d conflicts)", errors, conflicts)
}
