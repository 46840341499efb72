/**
 * Reader accounts on the real database: anyone signs up, the confirmation link arrives in the outbox
 * (the development and test mailer), and the account opens only with that link and its password,
 * once, before it expires. A reader has public clearance, may ask for closed material once
 * confirmed, and can never become staff by signing up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { hashToken } from '../../server/src/auth/tokens.js';
import { loadConfig } from '../../server/src/config.js';
import { CONFIRM_HOURS } from '../../server/src/readers/reader.service.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview } from '../support/factories.js';
import { deliverMail } from '../support/mail.js';

let archive: TestArchive;
let closed: string;

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) }`;
const CONFIRM = `mutation($input: ConfirmEmailInput!) { confirmEmail(input: $input) { token user { name roles status } } }`;
const SIGN_IN = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`;
const ASK = `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id state level } }`;
const PASSWORD = 'a reader’s long password';
const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

let counter = 0;
const newEmail = () => `reader-${++counter}-${Date.now()}@example.org`;
const signUp = (email: string, extra: Record<string, unknown> = {}) =>
  archive.gql(SIGN_UP, { input: { email, password: PASSWORD, name: 'Aigerim Reader', locale: 'en', ...extra } });
/** The mail sent so far: the queued mail jobs run first, as the worker would run them. */
const mails = async (to: string, kind?: string) => {
  await deliverMail(archive);
  return archive.db.models.Outbox.find({ to, ...(kind ? { kind } : {}) }).sort({ createdAt: 1 }).lean();
};
const tokenIn = (text: string) => new URL(/https?:\/\/\S+confirm-email\S*/.exec(text)![0]).searchParams.get('token')!;
const confirm = (token: string, password = PASSWORD) => archive.gql(CONFIRM, { input: { token, password } });
const ask = (interviewId: string, token: string) =>
  archive.gql(ASK, { input: { interviewId, purpose: 'A family history', institution: null, days: 7 } }, token);

beforeAll(async () => {
  archive = await startTestArchive({ SIGN_IN_ATTEMPTS: '5', TRUST_PROXY: 'false', PUBLIC_SITE_URL: 'http://archive.test' });
  closed = await storedInterview(archive, { accessLevel: 'research', release: { permits: 'research', withdrawn: false }, title: 'Research only' });
});
afterAll(async () => {
  await archive?.close();
});

describe('reader accounts', () => {
  it('sign up, the link in the outbox with the password opens the account once; a reader is public plus grants', async () => {
    const email = newEmail();
    const res = await signUp(email);
    expect(res.errors).toBeUndefined();
    expect(res.data!.signUp).toBe(true);
    const user = (await archive.db.models.User.findOne({ email }).lean())!;
    expect(user).toMatchObject({ status: 'unconfirmed', roles: [Role.reader], locale: 'en' });

    const [mail, ...more] = await mails(email);
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ kind: 'confirm', subject: 'Confirm your e-mail address' });
    expect(mail!.text).toContain('http://archive.test/en/confirm-email?token=');
    const token = tokenIn(mail!.text);
    // Hashed at rest: the database alone holds nothing that confirms.
    const stored = (await archive.db.models.EmailConfirmation.find({ userId: user._id }).lean())!;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(token);
    expect(stored[0]!.tokenHash).toBe(hashToken(loadConfig({ NODE_ENV: 'test' }).sessionSecret, token));

    // Not confirmed yet: no sign-in, and a session made anyway is nobody's.
    const early = await archive.gql(SIGN_IN, { e: email, p: PASSWORD });
    expect(codeOf(early)).toBe('UNAUTHENTICATED');
    expect(early.errors![0]!.message).toMatch(/confirm your e-mail/i);
    const stray = await archive.api.services.auth.openSession(user as never);
    expect(codeOf(await ask(closed, stray.token))).toBe('UNAUTHENTICATED');
    expect(await archive.db.models.AccessRequest.countDocuments()).toBe(0);

    // The link without the right password opens nothing, and stays usable.
    expect(codeOf(await confirm(token, 'not the password at all'))).toBe('UNAUTHENTICATED');
    const opened = await confirm(token);
    expect(opened.errors).toBeUndefined();
    expect(opened.data!.confirmEmail.user).toEqual({ name: 'Aigerim Reader', roles: ['reader'], status: 'active' });
    // Once only.
    expect(codeOf(await confirm(token))).toBe('BAD_USER_INPUT');

    const session = opened.data!.confirmEmail.token as string;
    expect((await archive.gql(`{ me { roles } }`, {}, session)).data!.me.roles).toEqual(['reader']);
    expect(codeOf(await archive.gql(`query($id: ID!) { interview(id: $id) { id } }`, { id: closed }, session))).toBe('NOT_FOUND');
    // Confirmed: asking is open to them.
    const asked = await ask(closed, session);
    expect(asked.errors).toBeUndefined();
    expect(asked.data!.requestAccess).toMatchObject({ state: 'requested', level: 'research' });
    expect(codeOf(await archive.gql(SIGN_IN, { e: email, p: PASSWORD }))).toBeUndefined();
    const actions = (await archive.db.models.AuditEvent.find({ targetId: user._id }).lean()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.sign-up', 'user.confirm']));
  });

  it('signing up with an address that has an account answers the same, writes nothing and mails a reminder; no roles can be asked for', async () => {
    const staff = await archive.userWithRoles([Role.editor]);
    const before = (await archive.db.models.User.findOne({ email: staff.email }).lean())!;
    const res = await signUp(staff.email, { name: 'Someone else', password: 'another long password' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.signUp).toBe(true);
    const after = (await archive.db.models.User.findOne({ email: staff.email }).lean())!;
    expect(after).toEqual(before);
    expect((await mails(staff.email)).map((m) => m.kind)).toEqual(['already-registered']);
    expect(await archive.db.models.EmailConfirmation.countDocuments({ userId: before._id })).toBe(0);

    // Staff roles stay invitation-only: sign-up has no roles to ask for.
    const email = newEmail();
    const withRoles = await archive.gql(`mutation { signUp(input: { email: "${email}", password: "${PASSWORD}", name: "X", roles: [editor] }) }`);
    expect(withRoles.errors).toBeDefined();
    expect(await archive.db.models.User.countDocuments({ email })).toBe(0);
  });

  it('a second sign-up of an unconfirmed address replaces it: the first link stops working, the new password opens it', async () => {
    const email = newEmail();
    await signUp(email);
    const [first] = await mails(email, 'confirm');
    await signUp(email, { password: 'the second password, long' });
    const [, second] = await mails(email, 'confirm');
    expect(codeOf(await confirm(tokenIn(first!.text)))).toBe('BAD_USER_INPUT');
    expect(codeOf(await confirm(tokenIn(second!.text)))).toBe('UNAUTHENTICATED');
    expect((await confirm(tokenIn(second!.text), 'the second password, long')).errors).toBeUndefined();
    expect(await archive.db.models.User.countDocuments({ email })).toBe(1);
  });

  it('a link expires; accounts never confirmed are swept after it', async () => {
    const email = newEmail();
    await signUp(email);
    const [mail] = await mails(email, 'confirm');
    const later = new Date(Date.now() + (CONFIRM_HOURS + 1) * 3600_000);
    await expect(archive.api.services.readers.confirmEmail(tokenIn(mail!.text), PASSWORD, 'test', later)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(await archive.api.services.readers.sweep(later)).toBeGreaterThanOrEqual(1);
    expect(await archive.db.models.User.countDocuments({ email })).toBe(0);
    expect(await archive.db.models.EmailConfirmation.countDocuments({ expiresAt: { $lte: later } })).toBe(0);
  });

  it('sizes are limited with a clear error, nothing written; sign-up is rate-limited like sign-in', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: '' }, 'name'],
      [{ password: 'short' }, 'password'],
      [{ password: 'p'.repeat(201) }, 'password'],
      [{ locale: 'de' }, 'locale'],
    ];
    for (const [extra, field] of cases) {
      const email = newEmail();
      const res = await signUp(email, extra);
      expect(codeOf(res), field).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message, field).toContain(field);
      expect(await archive.db.models.User.countDocuments({ email })).toBe(0);
    }
    const long = `${'a'.repeat(250)}@example.org`;
    expect(codeOf(await signUp(long))).toBe('BAD_USER_INPUT');
    expect(codeOf(await signUp('not an address'))).toBe('BAD_USER_INPUT');

    const email = newEmail();
    const codes: unknown[] = [];
    for (let i = 0; i < 6; i++) {
      codes.push(codeOf(await signUp(email)));
      // Each link sent before the next sign-up replaces it (a link replaced before it went out is not sent).
      await deliverMail(archive);
    }
    expect(codes.slice(0, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(codes[5]).toBe('TOO_MANY_REQUESTS');
    expect(await mails(email, 'confirm')).toHaveLength(5);
  });
});
