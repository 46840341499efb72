import type { StorageSettings } from './storage/storage.js';

export type RunMode = 'development' | 'production' | 'test';

export interface Config {
  mode: RunMode;
  apiPort: number;
  siteUrl: string;
  /** Unset means: start the embedded FerretDB (development, demo and tests only). */
  mongoUri?: string;
  /** DATABASE_TIMEOUT_MS: how long a request waits for an unreachable database before it is told UNAVAILABLE. */
  databaseTimeoutMs: number;
  /** Unset endpoint means: start the embedded s3rver. */
  storage?: StorageSettings;
  sessionSecret: string;
  sessionTtlHours: number;
  /** SESSION_IDLE_MINUTES: a session unused this long is ended, whatever its lifetime left. */
  sessionIdleMinutes: number;
  whisperModel?: string;
  signInLimit: { attempts: number; windowSeconds: number };
  /** Express "trust proxy": which peers' X-Forwarded-For is believed (TRUST_PROXY); false = none. */
  trustProxy: string | false;
  uploads: { maxBytes: number; mediaTypes: string[] };
  /** Pictures of collections: the largest accepted (IMAGE_MAX_BYTES); the types are fixed (JPEG, PNG, WebP). */
  images: { maxBytes: number };
  /** Longest text a client may send in one GraphQL argument (see common/input-limits.ts). */
  inputLimits: { textChars: number; transcriptChars: number };
  /** MAX_GRANT_DAYS: the longest grant an editor may give for an access request. */
  maxGrantDays: number;
  /** Fixity checks: how fast they may read storage (FIXITY_BYTES_PER_SECOND) and how often each file is re-read. */
  fixity: { bytesPerSecond: number; intervalHours: number };
  /** Most a GraphQL operation may cost, lists weighed by their length (GRAPHQL_MAX_COST, common/query-cost.ts). */
  graphqlMaxCost: number;
  /** The cache of what anonymous visitors see (ANONYMOUS_CACHE, on unless `off`; cache/anonymous-cache.ts). */
  anonymousCache: boolean;
  /** E-mail: SMTP_URL (unset outside production: the log and the outbox collection) and the sender MAIL_FROM. */
  mail: { smtpUrl?: string; from: string };
}

/** How long a request waits for an unreachable database (DATABASE_TIMEOUT_MS), unless configured. */
export const DEFAULT_DATABASE_TIMEOUT_MS = 10_000;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration (see .env.example):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** What field recorders and phones produce; anything else is refused before a byte is sent. */
const DEFAULT_MEDIA_TYPES =
  'audio/wav,audio/x-wav,audio/wave,audio/flac,audio/mpeg,audio/mp4,audio/x-m4a,audio/aac,audio/ogg,audio/webm,video/mp4,video/quicktime,video/webm,video/x-matroska';

const DEV_SECRET = 'development-only-secret-change-me-0123456789';

/** Where the archive's data lives: the database and the storage (see Backing in the entries). */
export interface Backing {
  mongoUri: string;
  storage: StorageSettings;
}

/**
 * The production entries (server/src/main.ts, ingest/src/worker.ts) start no services: both must be
 * named. `npm run api` and `npm run worker` (server/dev/) start embedded ones when they are not.
 */
export function requireBacking(config: Config): Backing {
  if (config.mongoUri && config.storage) return { mongoUri: config.mongoUri, storage: config.storage };
  throw new ConfigError([
    'MONGODB_URI and S3_ENDPOINT must be set for this entry; `npm run api` and `npm run worker` start an embedded database and storage for development',
  ]);
}

/** The only reader of process.env in the server; reports every invalid variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const mode = (env.NODE_ENV === 'production' || env.NODE_ENV === 'test' ? env.NODE_ENV : 'development') as RunMode;

  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
      return fallback;
    }
    return value;
  };
  const onOff = (name: string, fallback: boolean) => {
    const raw = (env[name] ?? '').trim().toLowerCase();
    if (raw === '') return fallback;
    if (raw === 'on') return true;
    if (raw === 'off') return false;
    problems.push(`${name} must be on or off, not "${env[name]}"`);
    return fallback;
  };
  const url = (name: string, fallback?: string) => {
    const raw = env[name] || fallback;
    if (!raw) return undefined;
    try {
      return new URL(raw).toString().replace(/\/$/, '');
    } catch {
      problems.push(`${name} must be a URL such as http://localhost:3000, not "${raw}"`);
      return undefined;
    }
  };

  const mongoUri = env.MONGODB_URI || undefined;
  if (mongoUri && !/^mongodb(\+srv)?:\/\//.test(mongoUri)) {
    problems.push(`MONGODB_URI must start with mongodb:// or mongodb+srv://`);
  }

  let storage: StorageSettings | undefined;
  if (env.S3_ENDPOINT) {
    const endpoint = url('S3_ENDPOINT');
    for (const name of ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!env[name]) problems.push(`${name} is required when S3_ENDPOINT is set`);
    }
    storage = {
      endpoint: endpoint ?? '',
      region: env.S3_REGION || 'us-east-1',
      bucket: env.S3_BUCKET || 'archive',
      accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
    };
  }
  if (env.S3_BUCKET && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(env.S3_BUCKET)) {
    problems.push(`S3_BUCKET must be a valid bucket name (lower-case letters, digits, dots, hyphens), not "${env.S3_BUCKET}"`);
  }

  let sessionSecret = env.SESSION_SECRET ?? '';
  if (!sessionSecret) {
    if (mode === 'production') problems.push('SESSION_SECRET is required in production (at least 32 characters)');
    sessionSecret = DEV_SECRET;
  } else if (sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters long');
  }
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) problems.push('SMTP_URL must look like smtp://user:password@host:587 or smtps://…:465');
  const mailFrom = (env.MAIL_FROM ?? '').trim();
  // A bare address or "Name <address>": enough to tell a typo, not a full RFC 5322 parser.
  if (mailFrom && !/^(?:[^<>\n]{0,200}<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(mailFrom)) {
    problems.push(`MAIL_FROM must be an address such as "Archive <archive@example.org>", not "${mailFrom}"`);
  }
  if (mode === 'production' && (!smtpUrl || !mailFrom)) {
    problems.push('SMTP_URL and MAIL_FROM are required in production (readers confirm their e-mail and hear of decisions by mail)');
  }
  if (mode === 'production' && (!mongoUri || !storage)) {
    problems.push('MONGODB_URI and S3_ENDPOINT are required in production (the embedded services are for development)');
  }

  const config: Omit<Config, 'uploads' | 'images'> & Partial<Pick<Config, 'uploads' | 'images'>> = {
    mode,
    apiPort: integer('API_PORT', 4000, 0, 65535),
    siteUrl: url('PUBLIC_SITE_URL', 'http://localhost:3000') ?? 'http://localhost:3000',
    mongoUri,
    // Long enough for a replica set to elect a new primary (a few seconds with MongoDB's defaults),
    // short enough that nobody waits long on a database that is gone.
    databaseTimeoutMs: integer('DATABASE_TIMEOUT_MS', DEFAULT_DATABASE_TIMEOUT_MS, 500, 120_000),
    storage,
    sessionSecret,
    sessionTtlHours: integer('SESSION_TTL_HOURS', 24 * 14, 1, 24 * 365),
    // Two hours: a class or a cataloguing session with a break; a computer left signed in closes itself.
    sessionIdleMinutes: integer('SESSION_IDLE_MINUTES', 120, 1, 60 * 24 * 365),
    whisperModel: env.WHISPER_MODEL || undefined,
    inputLimits: {
      // A long description or notes field is well under 20,000 characters (LONG_TEXT).
      textChars: integer('TEXT_INPUT_MAX_CHARS', 20_000, 100, 1_000_000),
      // A three-hour interview's transcript file is about 200,000 characters; the request body
      // limit (1 MB) is the outer bound.
      transcriptChars: integer('TRANSCRIPT_MAX_CHARS', 500_000, 1_000, 5_000_000),
    },
    // The studio's heaviest page costs some thousands; a hundred interviews' full transcripts, millions.
    graphqlMaxCost: integer('GRAPHQL_MAX_COST', 50_000, 100, 100_000_000),
    anonymousCache: onOff('ANONYMOUS_CACHE', true),
    // Access requests: the longest an editor may grant in one decision (a term or a school year).
    maxGrantDays: integer('MAX_GRANT_DAYS', 365, 1, 3650),
    // Only a proxy named here may say who the client is; anyone else's X-Forwarded-For is ignored.
    trustProxy: ['', 'false', 'none'].includes((env.TRUST_PROXY ?? 'loopback').trim()) ? false : (env.TRUST_PROXY ?? 'loopback').trim(),
    fixity: {
      // 4 MiB/s is a small share of a disk or a link; a 1 GB master takes about four minutes.
      bytesPerSecond: integer('FIXITY_BYTES_PER_SECOND', 4 * 1024 ** 2, 1024, 10 * 1024 ** 3),
      // Weekly: rot is rare and slow; a shorter interval mostly costs storage reads.
      intervalHours: integer('FIXITY_INTERVAL_HOURS', 24 * 7, 1, 24 * 366),
    },
    mail: { smtpUrl, from: mailFrom || 'Archive <archive@localhost>' },
    signInLimit: {
      attempts: integer('SIGN_IN_ATTEMPTS', 5, 1, 1000),
      windowSeconds: integer('SIGN_IN_WINDOW_SECONDS', 15 * 60, 1, 24 * 3600),
    },
  };
  const mediaTypes = (env.UPLOAD_MEDIA_TYPES || DEFAULT_MEDIA_TYPES).split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  const badType = mediaTypes.find((t) => !/^(audio|video)\/[\w.+-]+$/.test(t));
  if (badType) problems.push(`UPLOAD_MEDIA_TYPES must list audio/* or video/* types, not "${badType}"`);
  config.uploads = { maxBytes: integer('UPLOAD_MAX_BYTES', 20 * 1024 ** 3, 1, 5 * 1024 ** 4), mediaTypes };
  // A picture for a web page: 10 MiB holds a large photo; more is a scan that wants resizing first.
  config.images = { maxBytes: integer('IMAGE_MAX_BYTES', 10 * 1024 ** 2, 1, 1024 ** 3) };
  if (problems.length) throw new ConfigError(problems);
  return config as Config;
}
