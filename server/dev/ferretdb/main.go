// Command ferretdb-embedded runs FerretDB 1.24 with its SQLite backend, or with its PostgreSQL
// backend on a private PostgreSQL cluster it starts itself (postgresql.go).
//
// FerretDB's own cmd/ferretdb built from the module proxy panics at start-up
// (its build/version package needs a generated version.txt that the module
// does not ship), so the project embeds the library package instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	os.Exit(run())
}

// run returns the exit code once its deferred stops (the PostgreSQL cluster) have run.
func run() int {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	backend := flag.String("backend", "sqlite", "FerretDB's backend: sqlite, or postgresql (a private cluster in -dir, see postgresql.go)")
	dir := flag.String("dir", "", "directory for the SQLite databases, or for the PostgreSQL cluster")
	pgBin := flag.String("postgresql-bin", "", "directory of PostgreSQL's server programs (initdb, postgres), for -backend postgresql")
	var pgSettings settingsFlag
	flag.Var(&pgSettings, "postgresql-setting", "a PostgreSQL setting name=value for the cluster (repeatable), e.g. synchronous_commit=off")
	params := flag.String("sqlite-params", "", "query parameters added to FerretDB's SQLite URL, e.g. _pragma=synchronous(normal)")
	idIndex := flag.Bool("id-index", true, "sqlite: index each table by the expression FerretDB looks _id up by (see id-index.go); postgresql: GIN indexes that FerretDB's filters can use (see pg-index.go)")
	flag.Parse()

	if *dir == "" {
		log.Fatal("-dir is required")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatalf("cannot create data directory %s: %v", *dir, err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	config := &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: *listen}, Logger: logger, Handler: *backend}
	switch *backend {
	case "sqlite":
		config.SQLiteURL = "file:" + *dir + "/"
		if *params != "" {
			config.SQLiteURL += "?" + *params
		}
	case "postgresql":
		c, err := newCluster(*pgBin, *dir)
		if err != nil {
			log.Fatal(err)
		}
		if err := c.start(ctx, pgSettings); err != nil {
			log.Fatal(err)
		}
		// Runs after FerretDB has stopped (deferred calls run in reverse order; log.Fatal skips them,
		// and then the kernel's parent-death signal ends postgres).
		defer c.stop()
		config.PostgreSQLURL = c.url()
		if *idIndex {
			go keepGinIndexes(ctx, c.url(), 2*time.Second, logger)
		}
	default:
		log.Fatalf("unknown -backend %q (sqlite or postgresql)", *backend)
	}
	f, err := ferretdb.New(config)
	if err != nil {
		log.Fatalf("cannot configure FerretDB: %v", err)
	}

	// The launcher may be killed without a chance to stop us (a crashed test
	// run); re-parenting tells us so, and we exit instead of holding the port.
	parent := os.Getppid()
	go func() {
		for range time.Tick(time.Second) {
			if os.Getppid() != parent {
				stop()
				return
			}
		}
	}()

	if *idIndex && *backend == "sqlite" {
		go keepIDIndexes(ctx, *dir, 2*time.Second, logger)
	}

	fmt.Printf("ferretdb (%s) listening on %s, data in %s\n", *backend, *listen, *dir)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintf(os.Stderr, "FerretDB stopped: %v\n", err)
		return 1
	}
	return 0
}

// settingsFlag collects a repeated flag.
type settingsFlag []string

func (s *settingsFlag) String() string     { return fmt.Sprint(*s) }
func (s *settingsFlag) Set(v string) error { *s = append(*s, v); return nil }
