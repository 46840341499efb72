import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepEditClaims } from '../../server/src/common/concurrency.js';
import { ChangeLog, READER_TIMEOUT_MS, RETENTION_MS } from '../../server/src/search/change-log.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';

let archive: TestArchive;
beforeAll(async () => {
  archive = await startTestArchive();
  // This file drives the log itself; the API's own reader would add a position of its own.
  await archive.api.services.search.stop();
});
afterAll(() => archive?.close());

const HOUR = 60 * 60_000;

describe('the change log', () => {
  it('keeps what the slowest live reader still needs and what is newer than the retention window, and sweeps the rest', async () => {
    const models = archive.db.models;
    const log = new ChangeLog(models);
    await models.SearchChange.deleteMany({});
    await models.SearchReader.deleteMany({});
    for (let i = 0; i < 12; i++) await log.append('Interview', new Types.ObjectId());
    expect(await log.head()).toBe(12);
    const now = new Date();
    // Entries 1–10 are older than the retention window; 11 and 12 are recent.
    await models.SearchChange.collection.updateMany({ seq: { $gte: 1, $lte: 10 } }, { $set: { at: new Date(now.getTime() - RETENTION_MS - HOUR) } });
    const lagging = new Types.ObjectId();
    const current = new Types.ObjectId();
    const gone = new Types.ObjectId();
    await log.report(lagging, 6, now);
    await log.report(current, 12, now);
    await log.report(gone, 2, new Date(now.getTime() - READER_TIMEOUT_MS - 60_000));

    const swept = await log.sweep(now, 0);
    expect(swept).toEqual({ removed: 5, keptFrom: 6 });
    const left = await models.SearchChange.collection.find({ kind: { $exists: true } }).sort({ seq: 1 }).toArray();
    expect(left.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10, 11, 12]);
    // The lagging reader reads on from where it was; the silent one is forgotten, and told it missed entries.
    expect((await log.readAfter(6)).changes.map((c) => c.seq)).toEqual([7, 8, 9, 10, 11, 12]);
    expect((await models.SearchReader.find({}).lean()).map((r) => String(r._id)).sort()).toEqual([String(lagging), String(current)].sort());
    expect(await log.readAfter(2)).toEqual({ changes: [], gap: true });
    expect(await log.readAfter(12)).toEqual({ changes: [], gap: false });

    // Once the lagging reader moves on, its entries go too, but never the recent ones.
    await log.report(lagging, 12, now);
    expect(await log.sweep(now, 0)).toEqual({ removed: 5, keptFrom: 12 });
    expect((await models.SearchChange.collection.find({ kind: { $exists: true } }).toArray()).map((e) => e.seq).sort()).toEqual([11, 12]);
    // Positions go on from the head after a sweep: a writer never takes a swept position again.
    expect(await log.append('Narrator', new Types.ObjectId())).toBe(13);
  });

  it('a poll with nothing new costs the same two lookups by _id with 2,000 entries behind it as with 2', async () => {
    const models = archive.db.models;
    const log = new ChangeLog(models);
    await models.SearchChange.deleteMany({});
    const countPoll = async () => {
      const seen: string[] = [];
      const client = archive.db.conn.getClient();
      const listener = (e: { commandName: string; command: Record<string, unknown> }) => {
        seen.push(`${e.commandName}:${JSON.stringify(e.command.filter ?? {})}`);
      };
      client.on('commandStarted', listener);
      try {
        expect((await log.readAfter(await log.head().then((h) => { seen.length = 0; return h; }))).changes).toEqual([]);
      } finally {
        client.off('commandStarted', listener);
      }
      return seen;
    };
    await log.append('Interview', new Types.ObjectId());
    await log.append('Interview', new Types.ObjectId());
    const small = await countPoll();
    await models.SearchChange.collection.insertMany(
      Array.from({ length: 2_000 }, (_, i) => ({ seq: 1_000_000 + i, kind: 'Interview', targetId: new Types.ObjectId(), at: new Date() })),
    );
    const large = await countPoll();
    expect(large).toEqual(small);
    expect(small.every((c) => c.startsWith('find:{"_id":'))).toBe(true);
  });

  it('the API instance advances its position as changes arrive, and reports it for the sweep', async () => {
    const other = await startTestArchive();
    try {
      const search = other.api.services.search;
      await search.start();
      const before = search.position;
      await new ChangeLog(other.db.models).append('Interview', new Types.ObjectId());
      await search.poll();
      expect(search.position).toBe(before + 1);
      const reader = await other.db.models.SearchReader.findOne({}).lean();
      expect(reader?.position).toBe(before + 1);
    } finally {
      await other.close();
    }
  });
});

describe('edit claims', () => {
  it('the sweep removes claims older than an hour and keeps recent ones', async () => {
    const claims = archive.db.models.EditClaim;
    const now = new Date();
    await claims.create([
      { _id: 'interviews:old:1', at: new Date(now.getTime() - 2 * HOUR) },
      { _id: 'interviews:new:1', at: new Date(now.getTime() - 60_000) },
    ]);
    expect(await sweepEditClaims(archive.db.models, now)).toBe(1);
    expect((await claims.find({}).lean()).map((c) => c._id)).toEqual(['interviews:new:1']);
  });

  it('the worker\'s sweep-logs job runs both sweeps, and the housekeeping queues it', async () => {
    await archive.db.models.EditClaim.create({ _id: 'interviews:older:1', at: new Date(Date.now() - 2 * HOUR) });
    const { createHandlers } = await import('../../ingest/src/jobs/handlers.js');
    const { loadConfig } = await import('../../server/src/config.js');
    const handlers = createHandlers({ models: archive.db.models, config: loadConfig({ NODE_ENV: 'test' }), storage: archive.storage });
    const outcome = await handlers['sweep-logs']!({
      job: { id: 'x', type: 'sweep-logs', attempt: 1, maxAttempts: 1, interviewId: null },
      payload: {}, reportProgress: () => {}, signal: new AbortController().signal, log: () => {},
    });
    expect(outcome).toMatchObject({ status: 'succeeded', result: { removedClaims: 1 } });
    const { startHousekeeping } = await import('../../ingest/src/jobs/housekeeping.js');
    const stop = startHousekeeping(archive.db.models, 60_000);
    await new Promise((r) => setTimeout(r, 500));
    stop();
    expect(await archive.db.models.Job.countDocuments({ type: 'sweep-logs' })).toBe(1);
  });
});
