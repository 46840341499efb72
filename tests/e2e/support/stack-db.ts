/**
 * The e2e stack's own database (its address is in STACK_INFO), read as a person cannot: the test
 * mailer's outbox (the mail they would have received) and which access copy a URL serves.
 */
import { readFile } from 'node:fs/promises';
import { expect } from '@playwright/test';
import mongoose, { type Connection } from 'mongoose';
import { STACK_INFO } from './seed-data.js';

interface Mail {
  to: string;
  kind: string;
  subject: string;
  text: string;
}

async function withStackDb<T>(use: (conn: Connection) => Promise<T>): Promise<T> {
  const { mongoUri, dbName } = JSON.parse(await readFile(STACK_INFO, 'utf8')) as { mongoUri: string; dbName: string };
  const conn = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
  try {
    return await use(conn);
  } finally {
    await conn.close();
  }
}

/**
 * The newest mail of `kind` to `to`, waiting for it to be written: mail is a job, and the stack's one
 * worker takes jobs in order, so a mail queued early waits behind the seeded recordings' pipelines
 * (four of them, each a minute or more on a loaded machine).
 */
export const mailTo = (to: string, kind: string): Promise<Mail> =>
  withStackDb(async (conn) => {
    let found: Mail | null = null;
    await expect
      .poll(async () => {
        found = (await conn.db!.collection('outbox').find({ to, kind }).sort({ createdAt: -1 }).limit(1).next()) as Mail | null;
        return Boolean(found);
      }, { timeout: 180_000 })
      .toBe(true);
    return found!;
  });

/** The stored access copy a presigned playback URL points at: its key, audience and the fingerprint of what it silences ('none': nothing). */
export const servedCopy = (url: string): Promise<{ key: string; audience: string | null; silenced: string | null } | null> =>
  withStackDb(async (conn) => {
    // Path style: /<bucket>/<key>.
    const key = decodeURIComponent(new URL(url).pathname).split('/').slice(2).join('/');
    const asset = (await conn.db!.collection('media_assets').findOne({ key })) as { audience?: string | null; restrictionsFingerprint?: string | null } | null;
    return asset ? { key, audience: asset.audience ?? null, silenced: asset.restrictionsFingerprint ?? null } : null;
  });

/** The audience of the stored access copy a presigned playback URL points at (null: not an access copy). */
export const copyAudience = async (url: string): Promise<string | null> => (await servedCopy(url))?.audience ?? null;
