import { createConnection } from 'node:net';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { startDevServices } from '../../server/dev/services.js';

const portOpen = (url: string) =>
  new Promise<boolean>((ok) => {
    const { hostname, port } = new URL(url);
    const socket = createConnection({ host: hostname, port: Number(port) });
    socket.once('connect', () => (socket.destroy(), ok(true)));
    socket.once('error', () => ok(false));
  });

describe('the dev-services module', () => {
  it('starts FerretDB and s3rver on free ports, with the bucket and its CORS, and stops both', async () => {
    const services = await startDevServices({ env: {}, corsOrigins: ['http://localhost:3000'], log: () => {} });
    expect(services.embedded).toEqual({ database: true, storage: true });
    const client = await MongoClient.connect(services.mongoUri);
    await client.db('probe').collection('c').insertOne({ ok: 1 });
    expect(await client.db('probe').collection('c').countDocuments()).toBe(1);
    await client.close();

    const preflight = await fetch(`${services.storage.endpoint}/${services.storage.bucket}/some-key`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    const stranger = await fetch(`${services.storage.endpoint}/${services.storage.bucket}/some-key`, {
      method: 'OPTIONS',
      headers: { origin: 'http://elsewhere.example', 'access-control-request-method': 'PUT' },
    });
    expect(stranger.status).toBe(403);

    const mongoUrl = services.mongoUri.replace('mongodb://', 'http://');
    await services.stop();
    expect(await portOpen(mongoUrl)).toBe(false);
    expect(await portOpen(services.storage.endpoint)).toBe(false);
  });

  it('uses MONGODB_URI and S3_ENDPOINT when they are given, starting nothing', async () => {
    const services = await startDevServices({
      env: { MONGODB_URI: 'mongodb://db.example:27017/a', S3_ENDPOINT: 'http://s3.example:9000', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' },
      log: () => {},
    });
    expect(services.embedded).toEqual({ database: false, storage: false });
    expect(services.mongoUri).toBe('mongodb://db.example:27017/a');
    expect(services.storage).toMatchObject({ endpoint: 'http://s3.example:9000', bucket: 'b', accessKeyId: 'k' });
    await services.stop();
  });
});
