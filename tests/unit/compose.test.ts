import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const composeText = readFileSync(join(root, 'minio.compose.yml'), 'utf8');
// Compose resolves YAML merge keys (<<: *anchor); so does this parse.
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string; target?: string };
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  ports?: (string | { target: number; published?: string | number })[];
  volumes?: (string | { target: string })[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
}

/** Variables of .env.example, with their example values. */
const envExample = new Map(
  readFileSync(join(root, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, m[2]!] as const),
);

/** Names in ${VAR}, ${VAR:-default}, ${VAR:?message}; `$${…}` is an escaped dollar for the container's shell. */
const substituted = (value: unknown): Set<string> => {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') for (const m of v.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]!);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return names;
};
const text = (value: unknown) => (Array.isArray(value) ? value.join(' ') : String(value ?? ''));
const service = (name: string) => {
  const s = compose.services[name];
  expect(s, `service ${name}`).toBeDefined();
  return s!;
};
const containerPorts = (s: Service) =>
  (s.ports ?? []).map((p) => (typeof p === 'string' ? Number(p.split(':').at(-1)!.split('/')[0]) : p.target));
const mountTargets = (s: Service) => (s.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[1] : v.target));

/** The configuration of ARCHITECTURE.md ("Contracts"). */
const CONTRACT = [
  'MONGODB_URI',
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_BUCKET',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'WHISPER_MODEL',
  'SESSION_SECRET',
  'PUBLIC_SITE_URL',
];
const NODE_SERVICES = ['api', 'worker', 'web'];
/** Container variables that are not the archive's own settings, so not in .env.example. */
const NOT_SETTINGS: Record<string, string> = {
  NODE_ENV: 'fixed to production in the containers',
  ORIGIN: "adapter-node's name for PUBLIC_SITE_URL",
};

describe('minio.compose.yml', () => {
  it('declares the database, storage, bucket set-up, API, worker and site', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'minio', 'minio-init', 'mongo', 'web', 'worker']);
  });

  it('runs MongoDB 7 as a replica set rs0, initiated by its healthcheck, on a volume', () => {
    const mongo = service('mongo');
    expect(mongo.image).toMatch(/^mongo:7(\.|$)/);
    expect(text(mongo.command)).toMatch(/--replSet[= ]rs0\b/);
    const check = text(mongo.healthcheck?.test);
    expect(check).toContain('rs.initiate');
    expect(check).toMatch(/_id: 'rs0'/);
    expect(check).toContain('mongo:27017');
    expect(mountTargets(mongo)).toContain('/data/db');
    expect(compose.volumes).toHaveProperty(String((mongo.volumes![0] as string).split(':')[0]));
    // The URI the services get by default, and the example one, name the replica set.
    expect(service('api').environment?.MONGODB_URI).toMatch(/replicaSet=rs0/);
    expect(envExample.get('MONGODB_URI')).toMatch(/^mongodb:\/\/mongo:27017\/.*replicaSet=rs0/);
  });

  it('runs MinIO with a console, a volume and a healthcheck, allowing CORS from the site only', () => {
    const minio = service('minio');
    expect(minio.image).toMatch(/^minio\/minio(:|$)/);
    expect(text(minio.command)).toMatch(/server \/data .*--console-address/);
    expect(containerPorts(minio)).toEqual(expect.arrayContaining([9000, 9001]));
    expect(mountTargets(minio)).toContain('/data');
    expect(text(minio.healthcheck?.test)).toMatch(/mc ready local/);
    expect(minio.environment?.MINIO_API_CORS_ALLOW_ORIGIN).toMatch(/^\$\{PUBLIC_SITE_URL/);
  });

  it('creates the private bucket ${S3_BUCKET} once MinIO is healthy, and a key limited to it', () => {
    const init = service('minio-init');
    expect(init.image).toMatch(/^minio\/mc(:|$)/);
    expect(init.depends_on?.minio?.condition).toBe('service_healthy');
    expect(init.environment?.S3_BUCKET).toMatch(/^\$\{S3_BUCKET\b/);
    const script = text(init.command);
    expect(script).toMatch(/mc mb --ignore-existing "store\/\$\$S3_BUCKET"/);
    expect(script).toMatch(/mc anonymous set none "store\/\$\$S3_BUCKET"/);
    expect(script).toMatch(/mc admin user add store "\$\$S3_ACCESS_KEY_ID"/);
    expect(script).toContain('arn:aws:s3:::$$S3_BUCKET/*');
    expect(script).toMatch(/<AllowedOrigin>\$\$PUBLIC_SITE_URL<\/AllowedOrigin>/);
  });

  it('publishes the site on 3000 and the API on 4000', () => {
    expect(containerPorts(service('web'))).toContain(3000);
    expect(containerPorts(service('api'))).toContain(4000);
    expect(service('web').ports).toContain('${PORT:-3000}:3000');
    expect(service('api').ports).toContain('${API_PORT:-4000}:4000');
    expect(service('web').environment?.PORT).toBe('3000');
    expect(service('api').environment?.API_PORT).toBe('4000');
  });

  it('starts the Node services with their npm scripts from the top-level Dockerfile', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    // The production entries, which start no embedded services (`npm run api` and `worker` are the dev ones).
    for (const [name, script] of [['api', 'start:api'], ['worker', 'start:worker'], ['web', 'web']] as const) {
      const s = service(name);
      expect(s.command).toEqual(['npm', 'run', script]);
      expect(s.build?.context).toBe('.');
      expect(dockerfile).toMatch(new RegExp(`^FROM \\S+ AS ${s.build?.target}$`, 'm'));
    }
    expect(dockerfile).toMatch(/^FROM node:20\S* AS/m);
    expect(packageJson.scripts['start:api']).toBe('tsx server/src/main.ts');
    expect(packageJson.scripts['start:worker']).toBe('tsx ingest/src/worker.ts');
    if (existsSync(join(root, 'web/package.json'))) expect(packageJson.scripts.web).toBeDefined();
  });

  it('builds the site into the image, with scripts that exist, so the web service has what it starts', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const runs = [...dockerfile.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
    for (const script of runs) expect(packageJson.scripts[script], `Dockerfile runs npm run ${script}`).toBeDefined();
    expect(dockerfile).not.toMatch(/--if-present/);
    // `npm run web` starts the built server, which only `web:build` writes.
    expect(packageJson.scripts.web).toBe('node web/build');
    const buildStage = dockerfile.split(/^FROM /m).find((stage) => / AS build$/m.test(stage.split('\n')[0]!)) ?? '';
    expect(buildStage).toMatch(/^RUN .*npm run web:build\b/m);
  });

  it('starts the API and worker after the database is primary and the bucket exists; the site after the API', () => {
    for (const name of ['api', 'worker']) {
      expect(service(name).depends_on?.mongo?.condition).toBe('service_healthy');
      expect(service(name).depends_on?.['minio-init']?.condition).toBe('service_completed_successfully');
    }
    expect(service('api').healthcheck).toBeDefined();
    expect(service('web').depends_on?.api?.condition).toBe('service_healthy');
    expect(service('web').environment?.API_URL).toBe('http://api:4000');
  });

  it('passes every setting of the contract to the API and the worker under its own name', () => {
    for (const name of ['api', 'worker']) {
      const env = service(name).environment ?? {};
      for (const variable of CONTRACT) {
        expect(String(env[variable]), `${name}: ${variable}`).toMatch(new RegExp(`^\\$\\{${variable}(:[-?]|\\})`));
      }
      expect(env.NODE_ENV).toBe('production');
    }
    expect(service('web').environment?.PUBLIC_SITE_URL).toMatch(/^\$\{PUBLIC_SITE_URL\b/);
  });

  it('keeps secrets without defaults: compose refuses to start until they are set', () => {
    const env = service('api').environment ?? {};
    for (const secret of ['SESSION_SECRET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) {
      expect(String(env[secret])).toMatch(new RegExp(`^\\$\\{${secret}:\\?`));
    }
    expect(String(service('minio').environment?.MINIO_ROOT_PASSWORD)).toMatch(/^\$\{MINIO_ROOT_PASSWORD:\?/);
  });

  it('documents in .env.example every variable it substitutes and every setting the services read', () => {
    const undocumented = [...substituted(compose)].filter((v) => !envExample.has(v));
    expect(undocumented, 'substituted in minio.compose.yml but missing from .env.example').toEqual([]);
    for (const name of NODE_SERVICES) {
      const keys = Object.keys(service(name).environment ?? {});
      const missing = keys.filter((k) => !envExample.has(k) && !(k in NOT_SETTINGS));
      expect(missing, `${name} reads variables missing from .env.example`).toEqual([]);
    }
    for (const variable of CONTRACT) expect(envExample.has(variable), variable).toBe(true);
  });

  it('uses every variable of .env.example', () => {
    const used = substituted(compose);
    const passedToNode = new Set(NODE_SERVICES.flatMap((n) => Object.keys(service(n).environment ?? {})));
    const unused = [...envExample.keys()].filter((v) => !used.has(v) && !passedToNode.has(v));
    expect(unused, 'in .env.example but neither substituted nor passed by minio.compose.yml').toEqual([]);
  });
});
