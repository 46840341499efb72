package main

// FerretDB 1.24's SQLite backend creates the _id index as (_ferretdb_sjson->"_id") but looks an _id up
// with WHERE _ferretdb_sjson->'$._id' = ? (internal/backends/sqlite/metadata: IDColumn). SQLite matches
// an expression index only by the same expression, so every _id lookup reads the whole table: 1.2 s of
// CPU for a million change-log entries, paid by every poll of every API instance. This keeper adds, to
// each collection's table, an index on the very expression FerretDB queries by; FerretDB does not know
// it (its own index list lives in _ferretdb_collections), SQLite keeps it with every write and drops it
// with the table.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite"
)

const idIndexSuffix = "__ferretdb_id_path"

// keepIDIndexes indexes new collections' tables every interval until ctx ends.
func keepIDIndexes(ctx context.Context, dir string, interval time.Duration, logger *slog.Logger) {
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, file := range files {
			if err := indexFile(ctx, file); err != nil && ctx.Err() == nil {
				logger.Warn("id index keeper", "file", file, "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

func indexFile(ctx context.Context, file string) error {
	// mode=rw: a database FerretDB has just dropped (removed its file) is not created again here.
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\_ferretdb\_%' ESCAPE '\'
		AND name NOT IN (SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name LIKE '%'||?)`, idIndexSuffix)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, name)
	}
	rows.Close()

	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+idIndexSuffix, table)
		if _, err := db.ExecContext(ctx, q); err != nil && !strings.Contains(err.Error(), "no such table") {
			return err
		}
	}
	return nil
}
