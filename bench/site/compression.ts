import { request } from 'node:http';
import { gzipSync } from 'node:zlib';

export interface Served {
  url: string;
  /** What the server sent for `Accept-Encoding: gzip` (none when it sent the bytes as they are). */
  encoding: string;
  /** Bytes on the wire for that request, headers excluded. */
  wireBytes: number;
  /** The same bytes gzipped here, when the server did not: what a compressing server would send. */
  gzipBytes: number;
}

/** Fetches a URL asking for gzip and counts the body as it arrives (fetch() would decompress it). */
export function fetchGzip(url: string): Promise<Served> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        if ((res.statusCode ?? 0) >= 400) return reject(new Error(`${url}: HTTP ${res.statusCode}`));
        const body = Buffer.concat(chunks);
        const encoding = String(res.headers['content-encoding'] ?? 'none');
        resolve({ url, encoding, wireBytes: body.length, gzipBytes: encoding === 'gzip' ? body.length : gzipSync(body, { level: 9 }).length });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
