import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { hashToken } from '../../server/src/auth/tokens.js';
import { ConfigError, loadConfig } from '../../server/src/config.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';

// The smallest idle time: a minute, so the last use is written at most every 6 s.
let archive: TestArchive;
beforeAll(async () => {
  archive = await startTestArchive({ SESSION_IDLE_MINUTES: '1' });
});
afterAll(() => archive?.close());

const ago = (ms: number) => new Date(Date.now() - ms);

describe('sessions have an idle timeout (SESSION_IDLE_MINUTES)', () => {
  it('refuses a session unused longer than the idle time, like an expired one, and the sweep removes it', async () => {
    const user = await archive.userWithRoles([Role.editor]);
    const tokenHash = hashToken(loadConfig({ NODE_ENV: 'test' }).sessionSecret, user.token);
    const setLastUse = (at: Date) => archive.db.models.Session.updateOne({ tokenHash }, { $set: { lastUsedAt: at } });
    const lastUse = async () => (await archive.db.models.Session.findOne({ tokenHash }).lean())?.lastUsedAt?.getTime();
    const me = async () => (await archive.gql('{ me { id } }', {}, user.token)).data?.me?.id ?? null;

    // Used 40 s ago: still signed in, and the use is recorded.
    await setLastUse(ago(40_000));
    expect(await me()).toBe(user.id);
    expect(Date.now() - (await lastUse())!).toBeLessThan(40_000);

    // Used a moment ago: nothing is written, so reading stays a read.
    const recent = new Date();
    await setLastUse(recent);
    expect(await me()).toBe(user.id);
    expect(await lastUse()).toBe(recent.getTime());

    // Unused for more than a minute: signed out, although its lifetime is far from over.
    await setLastUse(ago(61_000));
    expect(await me()).toBeNull();
    expect((await archive.db.models.Session.findOne({ tokenHash }).lean())!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    const removed = await archive.api.services.auth.sweep();
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await archive.db.models.Session.countDocuments({ tokenHash })).toBe(0);
  });

  it('is validated with the rest of the configuration', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).sessionIdleMinutes).toBe(120);
    expect(() => loadConfig({ NODE_ENV: 'test', SESSION_IDLE_MINUTES: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', SESSION_IDLE_MINUTES: 'soon' })).toThrow(/SESSION_IDLE_MINUTES must be a whole number/);
  });
});
