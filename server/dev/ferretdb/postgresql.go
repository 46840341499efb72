package main

// A private PostgreSQL cluster for FerretDB's postgresql backend: created with initdb on first use,
// reached only through a Unix socket in its own directory (no TCP port to collide with), run as a
// child of this program so that it ends with it: on a clean stop by a fast shutdown, and if this
// program is killed outright by the kernel's parent-death signal (Pdeathsig).
//
// PostgreSQL refuses to run as root; when this program runs as root (CI on a fresh machine), the
// cluster belongs to, and runs as, the `postgres` user that Debian's package creates.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clusterRole is the superuser initdb creates; FerretDB connects as it over the socket (trust).
const clusterRole = "archive"

// cluster lives in dir: the cluster's files in dir/data, its socket and log beside them.
type cluster struct {
	bin, dir string
	cred     *syscall.Credential
	cmd      *exec.Cmd
	exited   chan struct{}
}

// socketPort only names the socket file (.s.PGSQL.<port>); nothing listens on TCP.
const socketPort = 5432

func newCluster(bin, dir string) (*cluster, error) {
	c := &cluster{bin: bin, dir: dir}
	if _, err := os.Stat(filepath.Join(bin, "postgres")); err != nil {
		return nil, fmt.Errorf("PostgreSQL's server programs are not in %s (Debian: apt-get install postgresql): %w", bin, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("PostgreSQL does not run as root and there is no `postgres` user to run it as (Debian's postgresql package creates it): %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
		if err := os.Chmod(dir, 0o700); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// command runs one of PostgreSQL's programs as the cluster's owner, its output into the cluster's log
// file (postgres reports every start and checkpoint at LOG level, which no log_min_messages hides).
func (c *cluster) command(ctx context.Context, logFile *os.File, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, name), args...)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.Dir = c.dir
	// Its own process group: a Ctrl-C at the terminal reaches the launcher, which stops FerretDB and
	// then this program stops postgres, instead of postgres shutting down under a running FerretDB.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred, Setpgid: true}
	return cmd
}

func (c *cluster) logPath() string { return filepath.Join(c.dir, "postgres.log") }
func (c *cluster) dataDir() string { return filepath.Join(c.dir, "data") }

// logTail is the end of the cluster's log, for an error message.
func (c *cluster) logTail() string {
	b, _ := os.ReadFile(c.logPath())
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return fmt.Sprintf("%s says:\n%s", c.logPath(), b)
}

// ready reads postmaster.pid's status line ("ready" once postgres accepts connections).
func (c *cluster) ready() bool {
	b, err := os.ReadFile(filepath.Join(c.dataDir(), "postmaster.pid"))
	if err != nil {
		return false
	}
	lines := strings.Split(string(b), "\n")
	return len(lines) > 7 && strings.TrimSpace(lines[7]) == "ready"
}

// start runs initdb when the directory holds no cluster yet, then postgres, and waits until it accepts connections.
func (c *cluster) start(ctx context.Context, settings []string) error {
	logFile, err := os.OpenFile(c.logPath(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer logFile.Close() // the children hold their own descriptors
	if _, err := os.Stat(filepath.Join(c.dataDir(), "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		// FerretDB asks for UTF8 and one of the C, POSIX, C.UTF8 or en_US.UTF8 locales. --no-sync: a
		// new cluster's files reach the disk with its first checkpoint; syncing each of initdb's ~1,000
		// files costs seconds on a busy disk for every test run.
		initdb := c.command(ctx, logFile, "initdb", "-D", c.dataDir(), "-U", clusterRole, "-A", "trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
		if err := initdb.Run(); err != nil {
			return fmt.Errorf("initdb in %s failed (can the user it runs as reach that folder?): %w; %s", c.dir, err, c.logTail())
		}
	}

	// force_custom_plan: FerretDB sends the filtered field as a parameter; planned with its value, the
	// filter can use the GIN indexes of pg-index.go (a generic plan never can).
	args := []string{"-D", c.dataDir(), "-k", c.dir, "-p", strconv.Itoa(socketPort), "-c", "listen_addresses=", "-c", "plan_cache_mode=force_custom_plan"}
	for _, s := range settings {
		args = append(args, "-c", s)
	}
	// Pdeathsig is sent when the thread that started the child ends: keep this goroutine on its thread.
	started := make(chan error, 1)
	c.exited = make(chan struct{})
	go func() {
		runtime.LockOSThread()
		c.cmd = c.command(context.Background(), logFile, "postgres", args...)
		c.cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
		if err := c.cmd.Start(); err != nil {
			started <- err
			close(c.exited)
			return
		}
		started <- nil
		_ = c.cmd.Wait()
		close(c.exited)
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("cannot start postgres: %w", err)
	}

	deadline := time.Now().Add(60 * time.Second)
	for !c.ready() {
		select {
		case <-c.exited:
			return fmt.Errorf("postgres exited before it accepted connections; %s", c.logTail())
		case <-ctx.Done():
			c.stop()
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.stop()
			return fmt.Errorf("postgres did not accept connections within 60 s; %s", c.logTail())
		}
	}
	return nil
}

// url is FerretDB's connection string: the socket directory as host, the cluster's own database.
func (c *cluster) url() string {
	return fmt.Sprintf("postgres:///postgres?host=%s&port=%d&user=%s", c.dir, socketPort, clusterRole)
}

// stop asks for a fast shutdown (SIGINT: ends the sessions, checkpoints) and waits for it.
func (c *cluster) stop() {
	if c.cmd == nil || c.cmd.Process == nil {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-c.exited:
	case <-time.After(20 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
}
