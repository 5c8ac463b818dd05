package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	"github.com/liveengage/manifestd/internal/pgcluster"
)

// RequirePostgresEnv, set to 1, makes tests that need PostgreSQL fail
// rather than skip where it is not installed (CI sets it).
const RequirePostgresEnv = "REQUIRE_POSTGRES"

// Postgres returns the URL of a new, empty PostgreSQL database for the test,
// dropped when the test ends. The database lives in a throwaway cluster that
// the test binary starts on first use (see internal/pgcluster). Call Main
// from the package's TestMain so that the cluster stops and its folder goes
// when the tests end. Without PostgreSQL the test is skipped, unless
// REQUIRE_POSTGRES=1.
//
// Each test's database is a schema of its own, first on the URL's
// search_path, in one database of the cluster: a schema takes milliseconds
// to make where a database takes most of a second. The extensions the
// store uses (pg_trgm) are in the schema public, after it on the path.
func Postgres(t testing.TB) string {
	t.Helper()
	c, err := sharedCluster()
	switch {
	case errors.Is(err, pgcluster.ErrNotInstalled) && os.Getenv(RequirePostgresEnv) != "1":
		t.Skipf("no PostgreSQL to test with: %v", err)
	case err != nil:
		t.Fatalf("start PostgreSQL (%s=%s): %v", RequirePostgresEnv, os.Getenv(RequirePostgresEnv), err)
	}
	url, drop, err := c.createDatabase()
	if err != nil {
		t.Fatalf("create a PostgreSQL database: %v", err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Errorf("drop the test database: %v", err)
		}
	})
	return url
}

// Main runs the package's tests, then stops the PostgreSQL cluster if one
// was started, and exits with the tests' code.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run is Main for a TestMain that does more: it runs the tests, stops the
// cluster and returns the tests' exit code.
func Run(m *testing.M) int {
	code := m.Run()
	if c := started.Load(); c != nil {
		if err := c.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "storetest: stop PostgreSQL:", err)
		}
	}
	return code
}

var (
	clusterOnce sync.Once
	clusterErr  error
	started     atomic.Pointer[cluster]
)

func sharedCluster() (*cluster, error) {
	clusterOnce.Do(func() {
		var c *cluster
		c, clusterErr = startCluster()
		if clusterErr == nil {
			started.Store(c)
		}
	})
	return started.Load(), clusterErr
}

// cluster is the test binary's PostgreSQL, with the database that holds
// the tests' schemas.
type cluster struct {
	*pgcluster.Cluster
	tests *sql.DB
	next  atomic.Int64
}

// testDatabase holds the tests' schemas.
const testDatabase = "manifestd_test"

// startCluster starts the cluster and makes the database of the tests'
// schemas, with the extensions that the store's migrations would otherwise
// create in the first test's schema.
func startCluster() (*cluster, error) {
	pc, err := pgcluster.Start(pgcluster.Options{})
	if err != nil {
		return nil, err
	}
	c := &cluster{Cluster: pc}
	ctx := context.Background()
	url, err := pc.CreateDatabase(ctx, testDatabase)
	if err == nil {
		c.tests, err = sql.Open("pgx", url)
	}
	if err == nil {
		_, err = c.tests.ExecContext(ctx, "CREATE EXTENSION pg_trgm SCHEMA public")
	}
	if err != nil {
		pc.Stop()
		return nil, err
	}
	return c, nil
}

// createDatabase makes a schema of its own for a test, and the function
// that drops it.
func (c *cluster) createDatabase() (string, func() error, error) {
	name := fmt.Sprintf("test_%d", c.next.Add(1))
	ctx := context.Background()
	if _, err := c.tests.ExecContext(ctx, "CREATE SCHEMA "+name); err != nil {
		return "", nil, err
	}
	drop := func() error {
		_, err := c.tests.ExecContext(ctx, "DROP SCHEMA "+name+" CASCADE")
		return err
	}
	return c.URL(testDatabase, name+",public"), drop, nil
}

func (c *cluster) stop() error {
	c.tests.Close()
	return c.Stop()
}
