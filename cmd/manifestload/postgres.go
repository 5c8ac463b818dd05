package main

import (
	"context"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/liveengage/manifestd/internal/pgcluster"
	"github.com/liveengage/manifestd/store"
)

// deployment is manifestd serving the seeded data: one instance, or several
// on one database, taken in turn as a load balancer would, with the
// customer and the manager signed in.
type deployment struct {
	servers           []*process
	customer, manager http.CookieJar
}

// base is the address of the instance for the i-th connection or request.
func (d *deployment) base(i int) string { return d.servers[i%len(d.servers)].base }

// pid is the server's, whose CPU a run records; 0 for several.
func (d *deployment) pid() int {
	if len(d.servers) != 1 {
		return 0
	}
	return d.servers[0].pid()
}

// sqlite is the server of the main measures, on the seeded SQLite file.
func (b *bench) sqlite() *deployment {
	return &deployment{servers: []*process{b.server}, customer: b.customer, manager: b.manager}
}

// postgresRun is what -postgres started.
type postgresRun struct {
	cluster   *pgcluster.Cluster // for -postgres throwaway
	instances []*process
}

func (p *postgresRun) stop() {
	for _, s := range p.instances {
		s.stop()
	}
	if p.cluster != nil {
		p.cluster.Stop()
	}
}

// postgresRounds copies the seeded database, as the SQLite rounds left it,
// into PostgreSQL with `manifestd copy`'s code, starts two instances on it,
// and measures the autosave and list rounds through one of them and then
// through both, beside the SQLite figures.
func (b *bench) postgresRounds(ctx context.Context, res *results) error {
	url, err := b.postgresDatabase(ctx)
	if err != nil {
		return err
	}
	b.progress("copying the seeded database into PostgreSQL")
	took, err := copyInto(ctx, filepath.Join(b.dir, "load.db"), url)
	if err != nil {
		return err
	}
	res.postgres = append(res.postgres, figure{measure: fmt.Sprintf("copy of the seeded database (%s drafts) into PostgreSQL", count(float64(b.cfg.drafts+2*b.cfg.reviewDrafts))), value: duration(took)})
	for i := range 2 {
		addr, err := freeAddr()
		if err != nil {
			return err
		}
		p, err := start(ctx, fmt.Sprintf("manifestd-postgres-%d", i+1), b.dir, addr, "/healthz", exec.Command(b.bin, "serve", "-addr", addr, "-db", url))
		if err != nil {
			return err
		}
		b.postgres.instances = append(b.postgres.instances, p)
	}
	one := &deployment{servers: b.postgres.instances[:1]}
	if one.customer, err = signIn(ctx, one.base(0), customerEmail); err != nil {
		return err
	}
	if one.manager, err = signIn(ctx, one.base(0), managerEmail); err != nil {
		return err
	}
	// The sessions are in the database: the same cookies serve both.
	two := &deployment{servers: b.postgres.instances, customer: one.customer, manager: one.manager}
	for _, run := range []struct {
		label string
		d     *deployment
	}{{"PostgreSQL: ", one}, {"PostgreSQL, 2 instances: ", two}} {
		figures, err := b.engineRounds(ctx, run.label, run.d, res)
		if err != nil {
			return err
		}
		res.postgres = append(res.postgres, figures...)
	}
	for _, p := range b.postgres.instances {
		n, first := p.logLines(`msg="request failed"`)
		res.postgres = append(res.postgres, figure{measure: "server errors in the log of " + p.name, value: errorsValue(n, first)})
	}
	return nil
}

// engineRounds runs the autosave and list rounds through d and answers
// their figures, and their ratios to the SQLite ones, named with label.
func (b *bench) engineRounds(ctx context.Context, label string, d *deployment, res *results) ([]figure, error) {
	b.progress(label + "autosave and lists")
	tabs, err := b.openTabs(ctx, b.seeded.editorDrafts[:b.cfg.conns], d)
	if err != nil {
		return nil, err
	}
	var autosave autosaveFigures
	lists := res.lists.again(label)
	for round := range b.cfg.rounds {
		if err := b.autosaveRound(ctx, round, tabs, &autosave, d); err != nil {
			return nil, err
		}
		if err := b.listRound(ctx, lists, d); err != nil {
			return nil, err
		}
	}
	figures, _ := autosave.rateFigures(label)
	figures = append(figures, lists.figures()...)
	figures = append(figures, figure{measure: label + "autosave saves/s beside SQLite's",
		value: fmt.Sprintf("%.2f (%s/s against %s/s)", autosave.rate()/res.autosave.rate(), count(autosave.rate()), count(res.autosave.rate()))})
	for i, p := range lists.pages {
		ours, theirs := median(p.latencies), median(res.lists.pages[i].latencies)
		figures = append(figures, figure{measure: p.measure + " beside SQLite's",
			value: fmt.Sprintf("%.2f (%s against %s)", float64(ours)/float64(theirs), duration(ours), duration(theirs))})
	}
	return figures, nil
}

// postgresDatabase is the URL of the database to measure on: the one
// given, or one in a throwaway cluster of the run's own.
func (b *bench) postgresDatabase(ctx context.Context) (string, error) {
	if b.cfg.postgres != "throwaway" {
		return b.cfg.postgres, nil
	}
	b.progress("starting a throwaway PostgreSQL")
	// Durable, as a deployment's is; commits do not wait for the disk,
	// which SQLite's WAL with synchronous=NORMAL does not either.
	var err error
	if b.postgres.cluster, err = pgcluster.Start(pgcluster.Options{Durable: true}); err != nil {
		return "", err
	}
	url, err := b.postgres.cluster.CreateDatabase(ctx, "manifestload")
	if err != nil {
		return "", err
	}
	return url + "&options=-c%20synchronous_commit%3Doff", nil
}

// copyInto copies the SQLite database at path into the PostgreSQL one at
// url, as `manifestd copy` does, and answers how long it took.
func copyInto(ctx context.Context, path, url string) (time.Duration, error) {
	src, err := store.Open(ctx, path)
	if err != nil {
		return 0, err
	}
	defer src.Close()
	dst, err := store.Open(ctx, url)
	if err != nil {
		return 0, err
	}
	defer dst.Close()
	begin := time.Now()
	_, err = src.CopyTo(ctx, dst)
	return time.Since(begin), err
}
