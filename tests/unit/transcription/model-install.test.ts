/**
 * `npm run whisper:model`: the command line, and the install path with a stand-in for the network
 * (real models cannot be downloaded here) serving the generated tiny model: a download is
 * installed only when its length, SHA-1 and ggml structure check out, and never over a good model.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SOURCE, installModel, type InstallPlan, MODELS, parseArgs, UsageError } from '../../../ingest/src/transcription/model-install.js';
import { writeTinyModel } from '../../../ingest/src/transcription/tiny-model.js';

let dir: string;
let model: Buffer;
let sha1: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'model-install-'));
  model = await readFile((await writeTinyModel(join(dir, 'source.bin'))).path);
  sha1 = createHash('sha1').update(model).digest('hex');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const usage = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  try {
    parseArgs(argv, env, '/srv/archive');
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
};

describe('parseArgs', () => {
  it('installs a named model where WHISPER_MODEL points, else under .data/models', () => {
    expect(parseArgs(['base'], { WHISPER_MODEL: '/models/whisper.bin' }, '/srv/archive')).toEqual({
      name: 'base',
      url: `${DEFAULT_SOURCE}/ggml-base.bin`,
      sha1: MODELS.base,
      out: '/models/whisper.bin',
      force: false,
    });
    expect(parseArgs(['large-v3-turbo'], {}, '/srv/archive').out).toBe('/srv/archive/.data/models/ggml-large-v3-turbo.bin');
  });

  it('takes --out, --from (a mirror), --force, and file names as well as model names', () => {
    const plan = parseArgs(['ggml-small.bin', '--out', 'm/s.bin', '--from', 'https://mirror.example/whisper/', '--force'], { WHISPER_MODEL: '/x' }, '/srv/archive');
    expect(plan).toMatchObject({ name: 'small', out: '/srv/archive/m/s.bin', url: 'https://mirror.example/whisper/ggml-small.bin', force: true });
    expect(parseArgs(['tiny'], { WHISPER_MODEL_SOURCE: 'http://10.0.0.5/models' }).url).toBe('http://10.0.0.5/models/ggml-tiny.bin');
  });

  it('explains what is wrong with the command line', () => {
    expect(usage([])).toMatch(/which model\?/);
    expect(usage(['huge'])).toMatch(/unknown model "huge"/);
    expect(usage(['base', 'small'])).toMatch(/one model at a time/);
    expect(usage(['base', '--out'])).toMatch(/--out needs a value/);
    expect(usage(['base', '--from', 'ftp://x'])).toMatch(/http\(s\) URL/);
    expect(usage(['base', '--from', 'not a url'])).toMatch(/must be a URL/);
    expect(usage(['base', '--quiet'])).toMatch(/unknown option --quiet/);
    expect(usage(['--help'])).toBe('');
  });
});

describe('installModel', () => {
  const plan = (out: string, overrides: Partial<InstallPlan> = {}): InstallPlan => ({
    name: 'tiny', url: 'https://mirror.test/ggml-tiny.bin', sha1, out, force: false, ...overrides,
  });
  /** A fetch that serves `body`, claiming `length` bytes. */
  const serve = (body: Buffer, length = body.length, status = 200) => {
    const calls: string[] = [];
    const fetchImpl = (async (url: string | URL | Request) => {
      calls.push(String(url));
      return new Response(status === 200 ? new Uint8Array(body) : null, { status, headers: { 'content-length': String(length) } });
    }) as typeof fetch;
    return { fetchImpl, calls };
  };
  const quiet = () => undefined;

  it('installs a download whose size, SHA-1 and structure check out, and skips it next time', async () => {
    const out = join(dir, 'ok', 'ggml-tiny.bin');
    const net = serve(model);
    expect(await installModel(plan(out), { fetchImpl: net.fetchImpl, log: quiet })).toBe('installed');
    expect(Buffer.compare(await readFile(out), model)).toBe(0);
    expect(await readdir(join(dir, 'ok'))).toEqual(['ggml-tiny.bin']);
    expect(await installModel(plan(out), { fetchImpl: net.fetchImpl, log: quiet })).toBe('already-installed');
    expect(net.calls).toEqual(['https://mirror.test/ggml-tiny.bin']);
  });

  it('refuses a wrong checksum, a cut download or an HTTP error, leaving the old model in place', async () => {
    const out = join(dir, 'keep', 'ggml-tiny.bin');
    await installModel(plan(join(dir, 'keep', 'ggml-tiny.bin')), { fetchImpl: serve(model).fetchImpl, log: quiet });
    const cases: [ReturnType<typeof serve>, RegExp][] = [
      [serve(Buffer.concat([model.subarray(0, 1000), Buffer.alloc(model.length - 1000)])), /SHA-1 is [0-9a-f]{40}, expected/],
      [serve(model.subarray(0, 5000), model.length), /cut short|SHA-1/],
      [serve(Buffer.alloc(0), 0, 404), /answered 404/],
    ];
    for (const [net, message] of cases) {
      await expect(installModel(plan(out, { force: true }), { fetchImpl: net.fetchImpl, log: quiet })).rejects.toThrow(message);
      expect(Buffer.compare(await readFile(out), model)).toBe(0);
      expect(await readdir(join(dir, 'keep'))).toEqual(['ggml-tiny.bin']);
    }
  });

  it('refuses a file whose checksum matches but is not a complete model', async () => {
    const notModel = Buffer.from('GGUF and nothing else');
    const out = join(dir, 'odd', 'ggml-tiny.bin');
    const fakeSha = createHash('sha1').update(notModel).digest('hex');
    await expect(installModel(plan(out, { sha1: fakeSha }), { fetchImpl: serve(notModel).fetchImpl, log: quiet })).rejects.toThrow(/GGUF/);
    expect(await readdir(join(dir, 'odd'))).toEqual([]);
    await writeFile(out, 'x'); // and a stale file at the destination is replaced only by a good download
    expect(await installModel(plan(out), { fetchImpl: serve(model).fetchImpl, log: quiet })).toBe('installed');
  });
});
