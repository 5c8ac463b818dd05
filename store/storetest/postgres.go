package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// RequirePostgresEnv, set to 1, makes tests that need PostgreSQL fail
// rather than skip where it is not installed (CI sets it).
const RequirePostgresEnv = "REQUIRE_POSTGRES"

// Postgres returns the URL of a new, empty PostgreSQL database for the test,
// dropped when the test ends. The database lives in a throwaway cluster that
// the test binary starts on first use: initdb and postgres from Debian's
// PostgreSQL, into a temporary folder, as the user nobody when run as root
// (PostgreSQL refuses to run as root), on a free loopback port. Call Main
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
	if err != nil {
		if os.Getenv(RequirePostgresEnv) == "1" {
			t.Fatalf("PostgreSQL is required (%s=1): %v", RequirePostgresEnv, err)
		}
		t.Skipf("no PostgreSQL to test with: %v", err)
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

// cluster is a running PostgreSQL server of the test binary's own.
type cluster struct {
	dir    string // holds the data folder, the socket and the log
	port   int
	server *exec.Cmd
	exited chan struct{} // closed once the server has stopped
	admin  *sql.DB       // to the postgres database, for creating the others
	tests  *sql.DB       // to the database of the tests' schemas
	next   atomic.Int64
}

// postgresBin finds the folder of initdb and postgres: on the PATH, else
// the newest of Debian's /usr/lib/postgresql/*/bin.
func postgresBin() (string, error) {
	if initdb, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("postgres"); err == nil {
			return filepath.Dir(initdb), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return pgMajor(b) - pgMajor(a) })
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	return "", errors.New("initdb and postgres are not installed (apt-get install postgresql)")
}

func pgMajor(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func startCluster() (*cluster, error) {
	bin, err := postgresBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "manifestd-postgres-")
	if err != nil {
		return nil, err
	}
	cred, err := serverUser(dir)
	if err == nil {
		err = run(cred, dir, filepath.Join(bin, "initdb"), "-D", filepath.Join(dir, "data"),
			"-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	c := &cluster{dir: dir}
	// A port found free may be taken before the server listens: try again.
	for range 3 {
		if err = c.listen(bin, cred); err == nil {
			return c, nil
		}
	}
	os.RemoveAll(dir)
	return nil, err
}

// serverUser is who runs PostgreSQL: nobody when the tests run as root,
// given the folder; else the user running the tests (nil).
func serverUser(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("nobody")
	if err != nil {
		return nil, fmt.Errorf("find a user to run PostgreSQL as, not root: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, err
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func run(cred *syscall.Credential, dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %w\n%s", filepath.Base(name), err, out)
	}
	return nil
}

// listen starts the server on a free port and waits until it answers.
func (c *cluster) listen(bin string, cred *syscall.Credential) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	logFile, err := os.Create(filepath.Join(c.dir, "postgres.log"))
	if err != nil {
		return err
	}
	defer logFile.Close()
	// Durability is not wanted of a database that is thrown away.
	cmd := exec.Command(filepath.Join(bin, "postgres"), "-D", filepath.Join(c.dir, "data"),
		"-p", strconv.Itoa(port), "-k", c.dir, "-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=300")
	cmd.Dir = c.dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// The server goes down with the test binary, however it ends.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	c.port, c.server, c.exited = port, cmd, exited
	c.admin, err = sql.Open("pgx", c.url("postgres", ""))
	if err != nil {
		return err
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := c.admin.Ping()
		switch {
		case err == nil:
			return c.createTestDatabase()
		case time.Now().After(deadline):
			cmd.Process.Kill()
			return fmt.Errorf("PostgreSQL did not answer within 30 s: %w\n%s", err, c.log())
		}
		select {
		case <-exited:
			c.admin.Close()
			return fmt.Errorf("PostgreSQL stopped: %s", c.log())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (c *cluster) log() string {
	b, _ := os.ReadFile(filepath.Join(c.dir, "postgres.log"))
	return string(b)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// testDatabase holds the tests' schemas.
const testDatabase = "manifestd_test"

// url is the URL of a database, with a search_path unless it is "".
func (c *cluster) url(database, searchPath string) string {
	u := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, database)
	if searchPath != "" {
		u += "&search_path=" + searchPath
	}
	return u
}

// createTestDatabase makes the database of the tests' schemas, where
// c.tests then connects, with the extensions that the store's migrations
// would otherwise create in the first test's schema.
func (c *cluster) createTestDatabase() error {
	ctx := context.Background()
	if _, err := c.admin.ExecContext(ctx, "CREATE DATABASE "+testDatabase); err != nil {
		return err
	}
	var err error
	if c.tests, err = sql.Open("pgx", c.url(testDatabase, "")); err != nil {
		return err
	}
	_, err = c.tests.ExecContext(ctx, "CREATE EXTENSION pg_trgm SCHEMA public")
	return err
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
	return c.url(testDatabase, name+",public"), drop, nil
}

// stop shuts the server down (fast: clients are cut off) and removes its
// folder.
func (c *cluster) stop() error {
	c.tests.Close()
	c.admin.Close()
	c.server.Process.Signal(syscall.SIGINT)
	select {
	case <-c.exited:
	case <-time.After(10 * time.Second):
		c.server.Process.Kill()
		<-c.exited
	}
	return os.RemoveAll(c.dir)
}
