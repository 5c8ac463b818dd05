package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// validateFigures are the validate runs of every round, by server name.
type validateFigures struct {
	runs     map[string][]loadRun
	peakRSS  map[string]int64 // VmHWM after the first round's run
	verdicts string           // ours and the Node peer's, side by side
	nodeSkip string           // why there is no Node peer
	conns    int
}

// validateRound sends the guide's example to POST /api/v1/validate of the
// server and of each peer in turn, at cfg.conns connections.
func (b *bench) validateRound(ctx context.Context, v *validateFigures) error {
	if v.runs == nil {
		v.runs, v.peakRSS, v.conns, v.nodeSkip = map[string][]loadRun{}, map[string]int64{}, b.cfg.conns, b.nodeSkip
		if b.node != nil {
			var err error
			if v.verdicts, err = b.compareVerdicts(ctx); err != nil {
				return err
			}
		}
	}
	for _, p := range []*process{b.server, b.echo, b.bare, b.node} {
		if p == nil {
			continue
		}
		r, err := b.validateRun(ctx, p)
		if err != nil {
			return err
		}
		v.runs[p.name] = append(v.runs[p.name], r)
		if len(v.runs[p.name]) == 1 { // before the other measures use the server
			v.peakRSS[p.name], _ = memory(p.pid(), "VmHWM")
		}
	}
	return nil
}

func (b *bench) validateRun(ctx context.Context, p *process) (loadRun, error) {
	c := newClient(b.cfg.conns, nil)
	defer c.CloseIdleConnections()
	send := func(ctx context.Context, _ int) int {
		status, _, err := postJSON(ctx, c, p.base+"/api/v1/validate", b.example)
		if err != nil {
			return 0
		}
		return status
	}
	closedLoop(ctx, b.cfg.conns, b.cfg.warmup, b.cfg.maxRequests, 0, send)
	r := closedLoop(ctx, b.cfg.conns, b.cfg.duration, b.cfg.maxRequests, p.pid(), send)
	if r.answered(http.StatusOK) == 0 {
		return r, fmt.Errorf("validate on %s: no answer was 200 (%v)", p.name, r.statuses)
	}
	return r, nil
}

// postJSON posts body as JSON and answers the status and the answer's body.
func postJSON(ctx context.Context, c *http.Client, url string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	return resp.StatusCode, answer, err
}

// compareVerdicts sends a valid and an invalid manifest to our API and the
// Node peer's and says whether they agree.
func (b *bench) compareVerdicts(ctx context.Context) (string, error) {
	invalid := strings.Replace(string(b.example), `"client_name": "App name"`, `"client_name": 42`, 1)
	if invalid == string(b.example) {
		return "", fmt.Errorf("%s: no client_name to break", exampleManifest)
	}
	c := newClient(1, nil)
	defer c.CloseIdleConnections()
	var said []string
	for _, body := range [][]byte{b.example, []byte(invalid)} {
		var verdicts [2]bool
		for i, p := range []*process{b.server, b.node} {
			_, answer, err := postJSON(ctx, c, p.base+"/api/v1/validate", body)
			var v struct{ Valid bool }
			if err == nil {
				err = json.Unmarshal(answer, &v)
			}
			if err != nil {
				return "", fmt.Errorf("validate on %s: %w", p.name, err)
			}
			verdicts[i] = v.Valid
		}
		said = append(said, fmt.Sprintf("valid=%v/%v", verdicts[0], verdicts[1]))
	}
	return "ours/Node's: example " + said[0] + ", broken client_name " + said[1], nil
}

func (v *validateFigures) rps(name string) float64 {
	var values []float64
	for _, r := range v.runs[name] {
		values = append(values, r.perSecond(http.StatusOK))
	}
	return median(values)
}

func (v *validateFigures) p99(name string) time.Duration {
	var values []time.Duration
	for _, r := range v.runs[name] {
		values = append(values, percentile(r.latencies, 0.99))
	}
	return median(values)
}

func (v *validateFigures) cpu(name string) time.Duration {
	var values []time.Duration
	for _, r := range v.runs[name] {
		values = append(values, r.cpuPer(http.StatusOK))
	}
	return median(values)
}

func (v *validateFigures) figures() []figure {
	ours, echo := v.rps("manifestd"), v.rps("echo")
	figures := []figure{
		ratioFigure("validate API / JSON echo, requests per second", ours/echo,
			fmt.Sprintf("%s/s against %s/s", count(ours), count(echo)), ">= 1.0", ours/echo >= 1),
		v.cpuRatio(),
		ratioFigure("validate API p99 / bare handler p99", float64(v.p99("manifestd"))/float64(v.p99("bare")),
			fmt.Sprintf("%s against %s", duration(v.p99("manifestd")), duration(v.p99("bare"))), "<= 2",
			v.p99("manifestd") <= 2*v.p99("bare")),
	}
	names := []string{"manifestd", "echo", "bare", "node-peer"}
	if v.nodeSkip != "" {
		names = names[:3]
	}
	var rps, p99, cpu []string
	for _, n := range names {
		rps = append(rps, fmt.Sprintf("%s %s/s", n, count(v.rps(n))))
		p99 = append(p99, fmt.Sprintf("%s %s", n, duration(v.p99(n))))
		cpu = append(cpu, fmt.Sprintf("%s %s", n, duration(v.cpu(n))))
	}
	figures = append(figures,
		figure{measure: fmt.Sprintf("validate, requests per second at %d connections", v.conns), value: strings.Join(rps, ", ")},
		figure{measure: fmt.Sprintf("validate, p99 at %d connections", v.conns), value: strings.Join(p99, ", ")},
		figure{measure: "validate, server CPU per request", value: strings.Join(cpu, ", ")},
		figure{measure: "memory after the first validate run (VmHWM)", value: v.memory()})
	if v.verdicts != "" {
		figures = append(figures, figure{measure: "verdicts", value: v.verdicts})
	}
	return figures
}

func (v *validateFigures) cpuRatio() figure {
	const measure, goal = "validate API server CPU per request / the Node peer's", "<= 1.0"
	if v.nodeSkip != "" {
		return figure{measure: measure, goal: goal, skipped: v.nodeSkip}
	}
	ours, node := v.cpu("manifestd"), v.cpu("node-peer")
	return ratioFigure(measure, float64(ours)/float64(node),
		fmt.Sprintf("%s against %s", duration(ours), duration(node)), goal, ours <= node)
}

func (v *validateFigures) memory() string {
	s := "manifestd " + megabytes(v.peakRSS["manifestd"])
	if v.nodeSkip == "" {
		s += ", node-peer " + megabytes(v.peakRSS["node-peer"])
	}
	return s
}
