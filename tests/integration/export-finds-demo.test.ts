/**
 * `npm run export` with no variables finds the running `npm run demo` through the file the demo
 * writes (server/src/preservation/running-demo.ts): real FerretDB and s3rver, a demo file in a
 * temporary folder. A file left by a demo that is gone is not trusted.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { connectArchive } from '../../server/src/preservation/archive-connection.js';
import { readRunningDemo, writeRunningDemo } from '../../server/src/preservation/running-demo.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';

let archive: TestArchive;
let dir: string;

beforeAll(async () => {
  archive = await startTestArchive();
  dir = await mkdtemp(join(tmpdir(), 'export-demo-'));
});
afterAll(async () => {
  await archive?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the export tools without variables', () => {
  it('connect to the running demo from its services file, and refuse one whose demo is gone', async () => {
    const file = join(dir, 'services.json');
    const uri = new URL(inject('mongoUri'));
    uri.pathname = `/${archive.db.conn.name}`;
    const forget = writeRunningDemo({ pid: process.pid, mongoUri: uri.toString(), storage: inject('storage') }, file);

    const found = await connectArchive({ NODE_ENV: 'test' }, file);
    try {
      expect(found.from).toBe('demo');
      expect(found.db.conn.name).toBe(archive.db.conn.name);
      await found.storage.put('probe/demo-file.txt', 'reachable', 'text/plain');
      expect(new TextDecoder().decode(await archive.storage.getBytes('probe/demo-file.txt'))).toBe('reachable');
    } finally {
      await found.close();
    }

    // The demo stops: the file goes, and the tools say what to do instead of guessing.
    forget();
    expect(await readdir(dir)).toEqual([]);
    await expect(connectArchive({ NODE_ENV: 'test' }, file)).rejects.toThrow(/start `npm run demo`.*or set MONGODB_URI/);

    // A demo killed hard leaves its file behind; a dead pid makes it worthless.
    writeRunningDemo({ pid: 2 ** 22 + 12_345, mongoUri: uri.toString(), storage: inject('storage') }, file);
    expect(readRunningDemo(file)).toBeNull();
    await expect(connectArchive({ NODE_ENV: 'test' }, file)).rejects.toThrow(/No archive to work on/);
  });
});
