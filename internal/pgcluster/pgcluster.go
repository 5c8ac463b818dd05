// Package pgcluster runs a PostgreSQL server of a program's own, thrown away
// when it stops: initdb and postgres from Debian's PostgreSQL into a
// temporary folder, as the user nobody when run as root (PostgreSQL refuses
// to run as root), on a free loopback port. The store's tests and the load
// tool use it; nothing in the product does.
package pgcluster

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
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// ErrNotInstalled: there is no PostgreSQL to start.
var ErrNotInstalled = errors.New("initdb and postgres are not installed (apt-get install postgresql)")

// Options tune Start.
type Options struct {
	// Durable keeps PostgreSQL's fsync on, so that figures measured on the
	// cluster are those of a real one. Without it, a cluster for tests
	// skips what only matters to data that outlives it.
	Durable bool
}

// Cluster is a running PostgreSQL server of the program's own.
type Cluster struct {
	dir    string // holds the data folder, the socket and the log
	port   int
	server *exec.Cmd
	exited chan struct{} // closed once the server has stopped
	admin  *sql.DB       // to the postgres database, for creating the others
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
	return "", ErrNotInstalled
}

func pgMajor(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// Start initializes and starts a cluster, whose superuser is postgres,
// trusted on its loopback port without a password. Stop it to remove it;
// it also goes down with the program, however that ends.
func Start(opts Options) (*Cluster, error) {
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
	c := &Cluster{dir: dir}
	// A port found free may be taken before the server listens: try again.
	for range 3 {
		if err = c.listen(bin, cred, opts); err == nil {
			return c, nil
		}
	}
	os.RemoveAll(dir)
	return nil, err
}

// serverUser is who runs PostgreSQL: nobody when the program runs as root,
// given the folder; else the user running the program (nil).
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
func (c *Cluster) listen(bin string, cred *syscall.Credential, opts Options) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	logFile, err := os.Create(filepath.Join(c.dir, "postgres.log"))
	if err != nil {
		return err
	}
	defer logFile.Close()
	args := []string{"-D", filepath.Join(c.dir, "data"), "-p", strconv.Itoa(port), "-k", c.dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"}
	if !opts.Durable {
		// Durability is not wanted of data that is thrown away.
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
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
	c.admin, err = sql.Open("pgx", c.URL("postgres", ""))
	if err != nil {
		return err
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := c.admin.Ping()
		switch {
		case err == nil:
			return nil
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

func (c *Cluster) log() string {
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

// URL is the URL of a database of the cluster, with a search_path unless
// it is "".
func (c *Cluster) URL(database, searchPath string) string {
	u := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, database)
	if searchPath != "" {
		u += "&search_path=" + searchPath
	}
	return u
}

// CreateDatabase makes a new, empty database and answers its URL.
func (c *Cluster) CreateDatabase(ctx context.Context, name string) (string, error) {
	if _, err := c.admin.ExecContext(ctx, "CREATE DATABASE "+pgxIdentifier(name)); err != nil {
		return "", err
	}
	return c.URL(name, ""), nil
}

func pgxIdentifier(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// Stop shuts the server down (fast: clients are cut off) and removes its
// folder.
func (c *Cluster) Stop() error {
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
