import { createHash } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');
const sourceDir = join(here, 'ferretdb');

const GO_MISSING = `FerretDB (the embedded MongoDB-protocol database) is built from Go sources, and no Go toolchain was found.
Either install Go 1.26 or newer (https://go.dev/doc/install; on Debian: put /usr/local/go/bin on PATH),
or point the archive at a MongoDB of your own, for example the one in minio.compose.yml:
  MONGODB_URI=mongodb://localhost:27017/archive npm test`;

function findGo(): string | undefined {
  const candidates = [process.env.GO ?? '', 'go', '/usr/local/go/bin/go', '/usr/lib/go/bin/go'].filter(Boolean);
  for (const candidate of candidates) {
    try {
      execFileSync(candidate, ['version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next place Go is usually installed
    }
  }
  return undefined;
}

/** The cache key changes only when the Go program or its pinned dependencies do. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const goFiles = readdirSync(sourceDir).filter((f) => f.endsWith('.go')).sort();
  for (const file of ['go.mod', 'go.sum', ...goFiles]) hash.update(file).update(readFileSync(join(sourceDir, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Returns the path of the FerretDB program, building it once into `.cache/ferretdb/<hash>/`.
 * The first build compiles SQLite written in Go and takes minutes; later builds reuse Go's cache.
 */
export async function ferretDbBinary(log: (line: string) => void): Promise<string> {
  const dir = join(process.env.ARCHIVE_CACHE_DIR ?? join(repoRoot, '.cache'), 'ferretdb', sourceHash());
  const binary = join(dir, 'ferretdb-embedded');
  if (existsSync(binary)) return binary;

  const go = findGo();
  if (!go) throw new Error(GO_MISSING);
  mkdirSync(dir, { recursive: true });
  log('Building FerretDB 1.24 (SQLite and PostgreSQL backends) once; the first build takes a few minutes...');
  const started = Date.now();
  const partial = `${binary}.${process.pid}.partial`;
  await new Promise<void>((ok, fail) => {
    const child = spawn(go, ['build', '-o', partial, '.'], {
      cwd: sourceDir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? ok() : fail(new Error(`go build of FerretDB failed (exit ${code}); see the output above`)),
    );
  });
  // Rename is atomic, so a concurrent launcher never runs a half-written binary.
  renameSync(partial, binary);
  log(`FerretDB built in ${Math.round((Date.now() - started) / 1000)} s: ${binary}`);
  return binary;
}
