import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { ferretDbBackend, postgresqlBinDir, type FerretDbBackend } from '../../server/dev/postgresql-binaries.js';
import { POSTGRESQL_STOP_GRACE_MS, startFerretDb, stopChild } from '../../server/dev/services.js';

// The launcher's two FerretDB backends, each started, written, read, stopped, on the real programs.
// PostgreSQL's server programs are required (Debian: the postgresql package; .ci/run installs it):
// without them the postgresql cases fail with the launcher's message, they are never skipped.
// initdb and two starts take seconds on a loaded machine: the cases that start a cluster get 2 minutes.
const START_LIMIT_MS = 120_000;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits for a condition the launcher promises (a process gone, an index made), failing with `what` after 60 s. */
async function until(what: string, check: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within 60 s`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** The postmaster's pid, from its lock file in the cluster's data folder. */
const postmasterPid = (dataDir: string) => Number(readFileSync(join(dataDir, 'postgresql', 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);

async function writeAndRead(uri: string) {
  const client = await MongoClient.connect(uri);
  try {
    const transcripts = client.db('backend_probe').collection('transcripts');
    await transcripts.createIndex({ interviewId: 1 });
    await transcripts.insertMany(Array.from({ length: 50 }, (_, i) => ({ interviewId: `interview-${i % 5}`, n: i })));
    const found = await transcripts.find({ interviewId: 'interview-3' }).sort({ n: 1 }).toArray();
    return found.map((d) => d.n as number);
  } finally {
    await client.close();
  }
}

describe.each<FerretDbBackend>(['sqlite', 'postgresql'])("the launcher's FerretDB on its %s backend", (backend) => {
  it('starts, keeps what is written, reads by a field, and stops leaving no process behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), `ferretdb-${backend}-`));
    dirs.push(dir);
    const ferret = await startFerretDb(dir, () => undefined, undefined, { backend });
    const pid = backend === 'postgresql' ? postmasterPid(dir) : undefined;
    try {
      expect(ferret.backend).toBe(backend);
      expect(await writeAndRead(ferret.uri)).toEqual([3, 8, 13, 18, 23, 28, 33, 38, 43, 48]);
      expect(existsSync(join(dir, backend === 'postgresql' ? 'postgresql/data/PG_VERSION' : 'ferretdb/backend_probe.sqlite'))).toBe(true);
    } finally {
      await stopChild(ferret.child, POSTGRESQL_STOP_GRACE_MS);
    }
    expect(alive(ferret.child.pid!)).toBe(false);
    if (pid !== undefined) {
      expect(alive(pid)).toBe(false);
      // A clean stop: the cluster shut down (its lock file gone), it was not killed.
      expect(existsSync(join(dir, 'postgresql', 'data', 'postmaster.pid'))).toBe(false);
    }

    // Started again on the same folder (the fault drills, the demo): the data is still there.
    const again = await startFerretDb(dir, () => undefined, undefined, { backend });
    try {
      const client = await MongoClient.connect(again.uri);
      expect(await client.db('backend_probe').collection('transcripts').countDocuments({ interviewId: 'interview-0' })).toBe(10);
      await client.close();
    } finally {
      await stopChild(again.child, POSTGRESQL_STOP_GRACE_MS);
    }
  }, START_LIMIT_MS);
});

describe('the PostgreSQL cluster behind FerretDB', () => {
  it('ends when the FerretDB program is killed outright (no orphaned postgres)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferretdb-postgresql-kill-'));
    dirs.push(dir);
    const ferret = await startFerretDb(dir, () => undefined, undefined, { backend: 'postgresql' });
    const pid = postmasterPid(dir);
    expect(alive(pid)).toBe(true);
    ferret.child.kill('SIGKILL');
    await until('postgres ending after FerretDB was killed', () => !alive(pid));
  }, START_LIMIT_MS);

  it("serves FerretDB's filters, _id and indexed fields, from the launcher's GIN indexes (pg-index.go)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferretdb-postgresql-gin-'));
    dirs.push(dir);
    const ferret = await startFerretDb(dir, () => undefined, undefined, { backend: 'postgresql' });
    const client = await MongoClient.connect(ferret.uri);
    try {
      const db = client.db('gin_probe');
      await db.collection('transcripts').createIndex({ interviewId: 1, language: 1 }, { unique: true });
      const docs = Array.from({ length: 2000 }, (_, i) => ({ _id: new ObjectId(), interviewId: `interview-${i}`, language: 'kk' }));
      await db.collection('transcripts').insertMany(docs);
      const plan = async (filter: object) => {
        const out = await db.command({ explain: { find: 'transcripts', filter }, verbosity: 'queryPlanner' });
        expect(out.filterPushdown).toBe(true);
        return JSON.stringify(out.queryPlanner);
      };
      // The keeper indexes a new table within its 2 s round; the planner then prefers the index.
      await until('a read by interviewId using the GIN index', async () => (await plan({ interviewId: 'interview-1234' })).includes('_ferretdb_gin'));
      expect(await plan({ _id: docs[7]!._id })).toContain('_ferretdb_gin');
      expect(await db.collection('transcripts').find({ interviewId: 'interview-1234' }).toArray()).toHaveLength(1);
    } finally {
      await client.close();
      await stopChild(ferret.child, POSTGRESQL_STOP_GRACE_MS);
    }
  }, START_LIMIT_MS);

  it('is chosen by FERRETDB_BACKEND, SQLite when unset, and a wrong value is refused', () => {
    expect(ferretDbBackend({})).toBe('sqlite');
    expect(ferretDbBackend({ FERRETDB_BACKEND: 'postgresql' })).toBe('postgresql');
    expect(() => ferretDbBackend({ FERRETDB_BACKEND: 'mysql' })).toThrow(/FERRETDB_BACKEND must be sqlite or postgresql/);
  });

  it('refuses a POSTGRESQL_BIN_DIR without PostgreSQL’s programs, and finds Debian’s by itself', () => {
    expect(() => postgresqlBinDir({ POSTGRESQL_BIN_DIR: '/nonexistent/postgresql/bin' })).toThrow(/holds no initdb and postgres/);
    expect(postgresqlBinDir({})).toMatch(/\/bin$/);
  });
});
