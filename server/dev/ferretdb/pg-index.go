package main

// FerretDB 1.24's PostgreSQL backend pushes an equality filter down as
//   WHERE _jsonb->$1 @> $2        (internal/backends/postgresql/query.go: filterEqual)
// but creates every index, _id's too, as a btree on (_jsonb->'field'), and a btree serves no @>.
// So every read, _id lookups included, is a sequential scan of the table (a change-log poll at a
// million entries, a transcript by interviewId among a thousand). This keeper adds, for _id and for
// the first field of each index FerretDB declares, a GIN index on (_jsonb->'field') jsonb_path_ops,
// which serves @>; the cluster runs with plan_cache_mode=force_custom_plan so that the key, sent as a
// parameter, is a constant when the statement is planned (a generic plan cannot match an index by
// its expression). FerretDB does not know these indexes (its list lives in its metadata table);
// PostgreSQL keeps them with every write and drops them with the table. Dotted fields are left out:
// FerretDB does not push nested filters down by default.

import (
	"context"
	"fmt"
	"hash/crc32"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

const ginIndexSuffix = "_ferretdb_gin"

// fieldCost tells the planner what _jsonb->'field' costs: PostgreSQL prices the operator like an
// addition (cost 1), but on a transcript it unpacks a TOASTed document of tens of kilobytes, so a
// sequential scan of a thousand transcripts looked cheaper than the GIN index and took 100-300 ms
// (bench/read/ferretdb-backends.ts). The cluster is private to FerretDB, so its catalogue may say so.
const fieldCost = `ALTER FUNCTION pg_catalog.jsonb_object_field(jsonb, text) COST 100`

// keepGinIndexes indexes FerretDB's tables every interval until ctx ends.
func keepGinIndexes(ctx context.Context, url string, interval time.Duration, logger *slog.Logger) {
	costSet := false
	for {
		if !costSet {
			costSet = execOnce(ctx, url, fieldCost) == nil
		}
		if err := indexTables(ctx, url); err != nil && ctx.Err() == nil {
			logger.Warn("gin index keeper", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

func execOnce(ctx context.Context, url, q string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, q)
	return err
}

func indexTables(ctx context.Context, url string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())

	// Every schema FerretDB made (a MongoDB database) has its metadata table.
	rows, err := conn.Query(ctx, `SELECT table_schema FROM information_schema.tables WHERE table_name = '_ferretdb_database_metadata'`)
	if err != nil {
		return err
	}
	schemas, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}

	for _, schema := range schemas {
		// Each collection's table, and the first field of each of its indexes, in the order FerretDB
		// keeps it (the keys' order lives in the document's schema, "$s"). _id is always indexed.
		q := fmt.Sprintf(`SELECT m._jsonb->>'table', idx->'$s'->'p'->'key'->'$s'->'$k'->>0
			FROM %s m, jsonb_array_elements(m._jsonb->'$s'->'p'->'indexes'->'i') AS idx`,
			pgx.Identifier{schema, "_ferretdb_database_metadata"}.Sanitize())
		rows, err := conn.Query(ctx, q)
		if err != nil {
			return err
		}
		type pair struct{ table, field string }
		pairs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (pair, error) {
			var p pair
			var field *string
			err := r.Scan(&p.table, &field)
			if field != nil {
				p.field = *field
			}
			return p, err
		})
		if err != nil {
			return err
		}

		existing := map[string]bool{}
		rows, err = conn.Query(ctx, `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE '%'||$2`, schema, ginIndexSuffix)
		if err != nil {
			return err
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		for _, n := range names {
			existing[n] = true
		}

		for _, p := range pairs {
			if p.field == "" || strings.ContainsAny(p.field, ".$") {
				continue
			}
			name := ginIndexName(p.table, p.field)
			if existing[name] {
				continue
			}
			q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s USING gin ((_jsonb->%s) jsonb_path_ops)`,
				pgx.Identifier{name}.Sanitize(), pgx.Identifier{schema, p.table}.Sanitize(), quoteLiteral(p.field))
			if _, err := conn.Exec(ctx, q); err != nil && !strings.Contains(err.Error(), "does not exist") {
				return err
			}
			existing[name] = true
		}
	}
	return nil
}

// ginIndexName fits PostgreSQL's 63 characters: part of the table's name, a hash of table and field.
func ginIndexName(table, field string) string {
	prefix := table
	if len(prefix) > 36 {
		prefix = prefix[:36]
	}
	return fmt.Sprintf("%s_%08x%s", prefix, crc32.ChecksumIEEE([]byte(table+"\x00"+field)), ginIndexSuffix)
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
