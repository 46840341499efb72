import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'x'.repeat(40),
  MONGODB_URI: 'mongodb://mongo:27017/archive',
  S3_ENDPOINT: 'http://minio:9000',
  S3_ACCESS_KEY_ID: 'archive',
  S3_SECRET_ACCESS_KEY: 'secret',
};
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

describe('mail configuration', () => {
  it('production needs an SMTP server and a sender; development and tests use the outbox', () => {
    expect(problems(PRODUCTION)).toEqual([expect.stringMatching(/SMTP_URL and MAIL_FROM are required in production/)]);
    const config = loadConfig({ ...PRODUCTION, SMTP_URL: 'smtp://u:p@mail.example.org:587', MAIL_FROM: 'Archive <archive@example.org>' });
    expect(config.mail).toEqual({ smtpUrl: 'smtp://u:p@mail.example.org:587', from: 'Archive <archive@example.org>' });
    expect(loadConfig({ NODE_ENV: 'test' }).mail.smtpUrl).toBeUndefined();
  });

  it('names a malformed SMTP_URL or MAIL_FROM', () => {
    const found = problems({ NODE_ENV: 'development', SMTP_URL: 'http://mail.example.org', MAIL_FROM: 'archive at example' });
    expect(found).toEqual([expect.stringContaining('SMTP_URL must look like'), expect.stringContaining('MAIL_FROM must be an address')]);
  });
});
