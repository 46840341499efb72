/**
 * What a signed-in request reads to know its viewer (issue 11): the session by `_id` (derived from its
 * token's keyed hash: one indexed read on FerretDB, where any other field is a read of the whole table), the
 * user by `_id`, and the grants only when one may be open. Nothing of it is kept between requests:
 * a sign-out, an expiry, a disabled account, a role taken away and an ended grant hold at the next
 * request. Sessions opened before the keying (an ObjectId, found by `tokenHash`) keep working until
 * they end.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLevel, Role } from '../../server/src/access/levels.js';
import { hashToken, newToken, tokenKey } from '../../server/src/auth/tokens.js';
import { loadConfig } from '../../server/src/config.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { commandFiltersDuring } from '../support/commands.js';
import { storedInterview } from '../support/factories.js';

let archive: TestArchive;
let admin: { id: string; token: string };
let editor: { id: string; token: string };
const secret = loadConfig({ NODE_ENV: 'test' }).sessionSecret;
const ME = `{ me { id roles } }`;
const GET = `query($id: ID!) { interview(id: $id) { id } }`;
const DAY = 86_400_000;

beforeAll(async () => {
  archive = await startTestArchive();
  admin = await archive.userWithRoles([Role.admin]);
  editor = await archive.userWithRoles([Role.editor]);
  // The search index re-reads changed records in the background; stopped, it cannot add to what is seen.
  await archive.api.services.search.stop();
});
afterAll(() => archive?.close());

const readsDuring = (work: () => Promise<unknown>) => commandFiltersDuring(archive, work);

const me = async (token: string) => (await archive.gql(ME, {}, token)).data?.me ?? null;
const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

describe('a session is found by its _id', () => {
  it('is stored under an _id derived from its token’s keyed hash, and a request reads it, then its user, each by _id, and nothing else', async () => {
    const teacher = await archive.userWithRoles([Role.teacher]);
    expect(teacher.token).toMatch(/^k1\./);
    const key = tokenKey(secret, teacher.token);
    expect(key._id.toHexString()).toBe(hashToken(secret, teacher.token).slice(0, 24));
    const stored = await archive.db.models.Session.findById(key._id).lean();
    expect(stored).toMatchObject({ tokenHash: hashToken(secret, teacher.token), userId: new Types.ObjectId(teacher.id) });

    const reads = await readsDuring(() => me(teacher.token));
    // A teacher who never held a grant: no grant is read. Me answers from the user read with the session.
    expect(reads).toEqual([
      { command: 'find:sessions', filter: { _id: key._id } },
      { command: 'find:users', filter: { _id: new Types.ObjectId(teacher.id) } },
    ]);
  });

  it('a signed-out, a forged and an expired token are the public, at the next request; the stale one costs one _id read', async () => {
    const teacher = await archive.userWithRoles([Role.teacher]);
    expect((await me(teacher.token))?.id).toBe(teacher.id);
    expect((await archive.gql(`mutation { signOut }`, {}, teacher.token)).errors).toBeUndefined();
    const stale = await readsDuring(async () => expect(await me(teacher.token)).toBeNull());
    expect(stale).toEqual([{ command: 'find:sessions', filter: { _id: tokenKey(secret, teacher.token)._id } }]);
    expect(await me(`k1.${newToken()}`)).toBeNull();

    const later = await archive.userWithRoles([Role.teacher]);
    await archive.db.models.Session.updateOne({ _id: tokenKey(secret, later.token)._id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await me(later.token)).toBeNull();
  });

  it('opens a session only when its stored hash is the token’s whole hash, not the _id alone', async () => {
    const user = await archive.userWithRoles([Role.teacher]);
    const token = `k1.${newToken()}`;
    const { _id } = tokenKey(secret, token);
    await archive.db.models.Session.create({ _id, tokenHash: hashToken(secret, 'another token'), userId: user.id, createdAt: new Date(), lastUsedAt: new Date(), expiresAt: new Date(Date.now() + DAY) });
    expect(await me(token)).toBeNull();
  });

  it('a role taken away, or given, holds at the next request of the same session', async () => {
    const user = await archive.userWithRoles([Role.teacher]);
    const education = await storedInterview(archive, { accessLevel: 'education', release: { permits: 'education', withdrawn: false } });
    expect(codeOf(await archive.gql(GET, { id: education }, user.token))).toBeUndefined();
    const setRoles = async (roles: Role[]) => {
      const version = (await archive.db.models.User.findById(user.id).lean())!.version;
      const res = await archive.gql(`mutation($input: SetUserRolesInput!) { setUserRoles(input: $input) { roles } }`, { input: { id: user.id, roles, version } }, admin.token);
      expect(res.errors).toBeUndefined();
    };
    await setRoles([Role.reader]);
    expect(await me(user.token)).toEqual({ id: user.id, roles: ['reader'] });
    expect(codeOf(await archive.gql(GET, { id: education }, user.token))).toBe('NOT_FOUND');
    await setRoles([Role.teacher]);
    expect(codeOf(await archive.gql(GET, { id: education }, user.token))).toBeUndefined();
  });
});

describe('a session from before the keying', () => {
  it('(an ObjectId, its token without the prefix) signs in, records its use and signs out as before', async () => {
    const user = await archive.userWithRoles([Role.teacher]);
    const token = newToken();
    const _id = new Types.ObjectId();
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await archive.db.models.Session.collection.insertOne({
      _id, tokenHash: hashToken(secret, token), userId: new Types.ObjectId(user.id), createdAt: longAgo, lastUsedAt: longAgo, expiresAt: new Date(Date.now() + DAY),
    } as never);
    expect((await me(token))?.id).toBe(user.id);
    // Its last use is written to it, not to a document of a new shape.
    const after = await archive.db.models.Session.collection.findOne({ _id } as never);
    expect(after!.lastUsedAt.getTime()).toBeGreaterThan(longAgo.getTime());
    expect(await archive.db.models.Session.countDocuments({ userId: user.id })).toBe(2);
    expect((await archive.gql(`mutation { signOut }`, {}, token)).errors).toBeUndefined();
    expect(await me(token)).toBeNull();
    expect(await archive.db.models.Session.collection.findOne({ _id } as never)).toBeNull();
    // The user's other session is untouched.
    expect((await me(user.token))?.id).toBe(user.id);
  });
});

describe('grants are read only when one may be open', () => {
  const ASK = `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id } }`;
  const GRANT = `mutation($input: GrantAccessInput!) { grantAccess(input: $input) { state } }`;
  const END = `mutation($id: ID!) { endAccess(id: $id, reason: "Over") { state } }`;
  const grantReads = (reads: { command: string }[]) => reads.filter((r) => r.command === 'find:access_requests').length;

  it('a grant is marked on its holder before it is written, opens at the next request and closes at once when ended', async () => {
    const teacher = await archive.userWithRoles([Role.teacher]);
    const closed = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false } });
    const asked = await archive.gql(ASK, { input: { interviewId: closed, purpose: 'A lesson', days: 7 } }, teacher.token);
    expect(asked.errors).toBeUndefined();
    const until = new Date(Date.now() + 7 * DAY);
    expect((await archive.gql(GRANT, { input: { id: asked.data!.requestAccess.id, until } }, editor.token)).data!.grantAccess.state).toBe('granted');
    expect((await archive.db.models.User.findById(teacher.id).lean())!.grantsUntil!.getTime()).toBe(until.getTime());

    const reads = await readsDuring(async () => expect(codeOf(await archive.gql(GET, { id: closed }, teacher.token))).toBeUndefined());
    expect(grantReads(reads)).toBe(1);
    expect((await archive.gql(END, { id: asked.data!.requestAccess.id }, editor.token)).data!.endAccess.state).toBe('ended');
    expect(codeOf(await archive.gql(GET, { id: closed }, teacher.token))).toBe('NOT_FOUND');
    // Past the mark, nothing is read again.
    await archive.db.models.User.updateOne({ _id: teacher.id }, { $set: { grantsUntil: new Date(Date.now() - 1000) } });
    expect(grantReads(await readsDuring(() => me(teacher.token)))).toBe(0);
  });

  it('a user from before the mark has their grants read once, and the mark written from them', async () => {
    const teacher = await archive.userWithRoles([Role.teacher]);
    const closed = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false } });
    const until = new Date(Date.now() + 3 * DAY);
    await archive.db.models.AccessRequest.create({
      requesterId: new Types.ObjectId(teacher.id), interviewId: new Types.ObjectId(closed), part: null, level: AccessLevel.research, purpose: 'Granted before the mark', days: 3, createdAt: new Date(),
      state: 'granted', grantedUntil: until, mayDownload: false,
    });
    await archive.db.models.User.collection.updateOne({ _id: new Types.ObjectId(teacher.id) }, { $unset: { grantsUntil: '' } });

    const first = await readsDuring(async () => expect(codeOf(await archive.gql(GET, { id: closed }, teacher.token))).toBeUndefined());
    expect(grantReads(first)).toBe(1);
    expect((await archive.db.models.User.findById(teacher.id).lean())!.grantsUntil!.getTime()).toBe(until.getTime());

    // One who held none is marked as such, and read no more.
    const other = await archive.userWithRoles([Role.teacher]);
    await archive.db.models.User.collection.updateOne({ _id: new Types.ObjectId(other.id) }, { $unset: { grantsUntil: '' } });
    expect(grantReads(await readsDuring(() => me(other.token)))).toBe(1);
    expect(grantReads(await readsDuring(() => me(other.token)))).toBe(0);
  });
});
