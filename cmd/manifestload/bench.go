package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
)

// bench is one run of every measure: the processes it started and what it seeded.
type bench struct {
	cfg      config
	dir      string
	log      io.Writer
	root     string
	example  []byte // the guide's example manifest, the validate body
	bin      string // the manifestd under test
	server   *process
	postgres postgresRun
	echo     *process
	bare     *process
	node     *process
	nodeSkip string // why there is no Node peer
	seeded   seeded
	customer http.CookieJar // signed in as the customer of listAccount
	manager  http.CookieJar // signed in as the manager
}

func (b *bench) progress(msg string) { fmt.Fprintln(b.log, "manifestload:", msg) }

// results are the figures of every measure, as they come in.
type results struct {
	validate     validateFigures
	autosave     autosaveFigures
	lists        *listFigures
	firstLoad    figure
	editors      *editorsFigures
	serverErrors figure
	postgres     []figure // with -postgres
}

// measure sets everything up and runs every measure.
func (b *bench) measure(ctx context.Context) ([]figure, error) {
	if err := b.setUp(ctx); err != nil {
		return nil, err
	}
	var res results
	if err := b.rounds(ctx, &res); err != nil {
		return nil, err
	}
	if b.cfg.postgres != "" {
		if err := b.postgresRounds(ctx, &res); err != nil {
			return nil, fmt.Errorf("postgres: %w", err)
		}
	}
	if err := b.editorsAndAfter(ctx, &res); err != nil {
		return nil, err
	}
	return res.figures(b.cfg), nil
}

// rounds runs the validate, autosave and list measures asked for, in rounds
// so that each figure is a median, and then the first load.
func (b *bench) rounds(ctx context.Context, res *results) error {
	var err error
	if b.cfg.runs("lists") {
		if res.lists, err = b.listTargets(ctx); err != nil {
			return err
		}
	}
	sqlite := b.sqlite()
	var tabs []*tab
	if b.cfg.runs("autosave") {
		if tabs, err = b.openTabs(ctx, b.seeded.editorDrafts[:b.cfg.conns], sqlite); err != nil {
			return err
		}
	}
	rounds := b.cfg.rounds
	if !b.cfg.runs("validate") && !b.cfg.runs("autosave") && !b.cfg.runs("lists") {
		rounds = 0 // only the editors, who come after the rounds
	}
	for round := range rounds {
		b.progress(fmt.Sprintf("round %d of %d", round+1, b.cfg.rounds))
		if err := b.eachRound(ctx, round, tabs, res, sqlite); err != nil {
			return err
		}
	}
	if b.cfg.runs("lists") {
		res.firstLoad, err = b.firstLoad(ctx)
	}
	return err
}

// eachRound runs one round of each measure asked for, through d.
func (b *bench) eachRound(ctx context.Context, round int, tabs []*tab, res *results, d *deployment) error {
	if b.cfg.runs("validate") {
		if err := b.validateRound(ctx, &res.validate); err != nil {
			return err
		}
	}
	if b.cfg.runs("autosave") {
		if err := b.autosaveRound(ctx, round, tabs, &res.autosave, d); err != nil {
			return err
		}
	}
	if b.cfg.runs("lists") {
		return b.listRound(ctx, res.lists, d)
	}
	return nil
}

// editorsAndAfter runs the editors, stops the server and checks the saves.
func (b *bench) editorsAndAfter(ctx context.Context, res *results) error {
	if b.cfg.runs("editors") {
		b.progress(fmt.Sprintf("%d editors for %s", b.cfg.editors, b.cfg.editorsFor))
		var err error
		if res.editors, err = b.editorsRun(ctx); err != nil {
			return err
		}
	}
	n, first := b.server.logLines(`msg="request failed"`)
	res.serverErrors = figure{measure: "server errors in the server's log", value: errorsValue(n, first)}
	b.server.stop()
	if res.editors == nil {
		return nil
	}
	return res.editors.verify(ctx, filepath.Join(b.dir, "load.db"))
}

// figures are those of the measures that ran.
func (res *results) figures(cfg config) []figure {
	var figures []figure
	if cfg.runs("validate") {
		figures = append(figures, res.validate.figures()...)
	}
	if cfg.runs("autosave") {
		figures = append(figures, res.autosave.figures()...)
	}
	if cfg.runs("editors") {
		figures = append(figures, res.editors.figures()...)
	}
	if cfg.runs("lists") {
		figures = append(figures, res.lists.figures()...)
		figures = append(figures, res.firstLoad)
	}
	if cfg.runs("autosave") {
		figures = append(figures, res.autosave.answerFigure())
	}
	figures = append(figures, res.serverErrors)
	return append(figures, res.postgres...)
}

func errorsValue(n int, first string) string {
	if n == 0 {
		return "none"
	}
	return fmt.Sprintf("%d, the first: %.300s", n, first)
}

// setUp builds and seeds, starts the server and the peers, and signs in.
func (b *bench) setUp(ctx context.Context) error {
	var err error
	if b.root, err = moduleRoot(ctx); err != nil {
		return err
	}
	b.bin = b.cfg.serverBin
	if b.bin == "" {
		b.progress("building manifestd")
		if b.bin, err = buildServer(ctx, b.root, b.dir); err != nil {
			return err
		}
	}
	bin := b.bin
	db := filepath.Join(b.dir, "load.db")
	if b.cfg.seeds() {
		b.progress(fmt.Sprintf("seeding %d drafts and %d in review", b.cfg.drafts, 2*b.cfg.reviewDrafts))
		if b.seeded, err = seed(ctx, b.root, db, b.cfg, b.progress); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	if b.example, err = readExampleText(b.root); err != nil {
		return err
	}
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	// Logs at info, as `make run` serves: a line per request is part of the cost.
	if b.server, err = start(ctx, "manifestd", b.dir, addr, "/healthz", exec.Command(bin, "serve", "-addr", addr, "-db", db)); err != nil {
		return err
	}
	if b.cfg.seeds() {
		if b.customer, err = signIn(ctx, b.server.base, customerEmail); err != nil {
			return err
		}
		if b.manager, err = signIn(ctx, b.server.base, managerEmail); err != nil {
			return err
		}
	}
	if b.echo, err = startPeer(ctx, "echo", b.dir); err != nil {
		return err
	}
	if b.bare, err = startPeer(ctx, "bare", b.dir); err != nil {
		return err
	}
	return b.startNode(ctx, bin)
}

func (b *bench) startNode(ctx context.Context, bin string) error {
	if !b.cfg.node || !b.cfg.runs("validate") {
		b.nodeSkip = "not asked for"
		return nil
	}
	b.progress("installing the Node peer (fastify, Ajv) with npm")
	var err error
	b.node, b.nodeSkip, err = startNodePeer(ctx, b.dir, bin)
	if b.nodeSkip != "" {
		b.progress("no Node peer: " + b.nodeSkip)
	}
	return err
}

// signIn posts the sign-in form to the server at base and answers the jar
// that holds the session.
func signIn(ctx context.Context, base, email string) (http.CookieJar, error) {
	jar := newJar()
	c := newClient(1, jar)
	form := url.Values{"email": {email}, "password": {seedPassword}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	a, err := do(c, req)
	if err != nil {
		return nil, err
	}
	if a.status != http.StatusSeeOther {
		return nil, fmt.Errorf("sign in as %s: status %d", email, a.status)
	}
	return jar, nil
}

// stop ends every process the run started.
func (b *bench) stop() {
	for _, p := range []*process{b.server, b.echo, b.bare, b.node} {
		p.stop()
	}
	b.postgres.stop()
}

// openTabs opens an editor tab on each draft, through d.
func (b *bench) openTabs(ctx context.Context, drafts []int64, d *deployment) ([]*tab, error) {
	c := newClient(1, d.customer)
	defer c.CloseIdleConnections()
	tabs := make([]*tab, len(drafts))
	for i, id := range drafts {
		tabs[i] = &tab{draftID: id, path: fmt.Sprintf("/drafts/%d", id)}
		if err := tabs[i].open(ctx, c, d.base(i)); err != nil {
			return nil, err
		}
	}
	return tabs, nil
}
