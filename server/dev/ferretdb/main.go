// Command ferretdb-embedded runs FerretDB 1.24 with its SQLite backend.
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
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dir := flag.String("dir", "", "directory for the SQLite databases")
	params := flag.String("sqlite-params", "", "query parameters added to FerretDB's SQLite URL, e.g. _pragma=synchronous(normal)")
	idIndex := flag.Bool("id-index", true, "index each table by the expression FerretDB looks _id up by (see id-index.go)")
	flag.Parse()

	if *dir == "" {
		log.Fatal("-dir is required")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatalf("cannot create data directory %s: %v", *dir, err)
	}

	sqliteURL := "file:" + *dir + "/"
	if *params != "" {
		sqliteURL += "?" + *params
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		log.Fatalf("cannot configure FerretDB: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

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

	if *idIndex {
		go keepIDIndexes(ctx, *dir, 2*time.Second, logger)
	}

	fmt.Printf("ferretdb listening on %s, data in %s\n", *listen, *dir)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatalf("FerretDB stopped: %v", err)
	}
}
