import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';

let archive: TestArchive;
beforeAll(async () => {
  archive = await startTestArchive();
});
afterAll(() => archive?.close());

const SIGN_IN = `mutation($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { token user { id name email roles } }
}`;

describe('sign-in, sessions and invitations', () => {
  it('signs in with e-mail and password, sets an httpOnly SameSite cookie, and me answers through it', async () => {
    const admin = await archive.userWithRoles([Role.admin]);
    const res = await fetch(`${archive.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: SIGN_IN,
        variables: { email: admin.email.toUpperCase(), password: 'correct horse battery staple' },
      }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.signIn.user.id).toBe(admin.id);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^archive_session=k1\.[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const me = await fetch(`${archive.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookie.split(';')[0]! },
      body: JSON.stringify({ query: '{ me { id roles } }' }),
    }).then((r) => r.json() as Promise<any>);
    expect(me.data.me).toEqual({ id: admin.id, roles: ['admin'] });
  });

  it('stores only a keyed hash of the session token', async () => {
    const user = await archive.userWithRoles([Role.teacher]);
    const sessions = await archive.db.models.Session.find({}).lean();
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.some((s) => s.tokenHash === user.token)).toBe(false);
  });

  it('refuses a wrong password with UNAUTHENTICATED and the same message as an unknown e-mail', async () => {
    const user = await archive.userWithRoles([Role.teacher]);
    const wrong = await archive.gql(SIGN_IN, { email: user.email, password: 'not the password' });
    const unknown = await archive.gql(SIGN_IN, { email: 'nobody@example.org', password: 'not the password' });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  });

  it('rate-limits sign-in attempts per e-mail, even when the password is then right', async () => {
    const user = await archive.userWithRoles([Role.researcher]);
    for (let i = 0; i < 5; i++) {
      const res = await archive.gql(SIGN_IN, { email: user.email, password: `guess ${i}` });
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const blocked = await archive.gql(SIGN_IN, { email: user.email, password: 'correct horse battery staple' });
    expect(blocked.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    expect(blocked.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('signs out: the token stops working', async () => {
    const user = await archive.userWithRoles([Role.editor]);
    expect((await archive.gql('{ me { id } }', {}, user.token)).data?.me?.id).toBe(user.id);
    await archive.gql('mutation { signOut }', {}, user.token);
    expect((await archive.gql('{ me { id } }', {}, user.token)).data?.me).toBeNull();
  });

  it('lets an admin invite a user who then signs in with the roles given', async () => {
    const admin = await archive.userWithRoles([Role.admin]);
    const invited = await archive.gql(
      `mutation($input: InviteUserInput!) { inviteUser(input: $input) { email roles token } }`,
      { input: { email: 'Aigerim.T@example.org', name: 'Aigerim T.', roles: ['editor'] } },
      admin.token,
    );
    expect(invited.errors).toBeUndefined();
    const token = invited.data!.inviteUser.token as string;
    expect(invited.data!.inviteUser.email).toBe('aigerim.t@example.org');

    const accepted = await archive.gql(
      `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { id roles } }`,
      { input: { token, password: 'a long enough password' } },
    );
    expect(accepted.data?.acceptInvitation.roles).toEqual(['editor']);
    const again = await archive.gql(
      `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { id } }`,
      { input: { token, password: 'a long enough password' } },
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const signedIn = await archive.gql(SIGN_IN, { email: 'aigerim.t@example.org', password: 'a long enough password' });
    expect(signedIn.data?.signIn.user.roles).toEqual(['editor']);
  });

  it('lets an admin revoke an open invitation: it leaves the list, cannot be accepted, and the revocation is audited', async () => {
    const admin = await archive.userWithRoles([Role.admin]);
    const editor = await archive.userWithRoles([Role.editor]);
    const INVITE = `mutation($input: InviteUserInput!) { inviteUser(input: $input) { id token } }`;
    const REVOKE = `mutation($id: ID!) { revokeInvitation(id: $id) { id email } }`;
    const OPEN = `{ invitations(first: 100) { totalCount nodes { id email token } } }`;
    const ACCEPT = `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { id } }`;
    const invited = (await archive.gql(INVITE, { input: { email: 'revoked.one@example.org', name: 'Revoked One', roles: ['researcher'] } }, admin.token)).data!.inviteUser;
    const listed = (await archive.gql(OPEN, {}, admin.token)).data!.invitations;
    expect(listed.nodes).toContainEqual({ id: invited.id, email: 'revoked.one@example.org', token: null });

    expect((await archive.gql(REVOKE, { id: invited.id }, editor.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await archive.gql(OPEN, {}, editor.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await archive.gql(REVOKE, { id: invited.id }, admin.token)).data?.revokeInvitation.email).toBe('revoked.one@example.org');
    expect((await archive.gql(OPEN, {}, admin.token)).data!.invitations.nodes.map((n: any) => n.id)).not.toContain(invited.id);

    const accepted = await archive.gql(ACCEPT, { input: { token: invited.token, password: 'a long enough password' } });
    expect(accepted.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
    expect(accepted.errors?.[0]?.message).toMatch(/revoked/);
    expect(await archive.db.models.User.countDocuments({ email: 'revoked.one@example.org' })).toBe(0);
    const again = await archive.gql(REVOKE, { id: invited.id }, admin.token);
    expect(again.errors?.[0]?.message).toMatch(/already revoked/);
    expect((await archive.gql(REVOKE, { id: '66e2e0000000000000000999' }, admin.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const audit = await archive.db.models.AuditEvent.find({ targetType: 'Invitation', targetId: invited.id }).lean();
    expect(audit.map((a) => a.action)).toEqual(['user.invite', 'user.invite.revoke']);

    // An accepted invitation is not revoked: the admin disables the user instead.
    const used = (await archive.gql(INVITE, { input: { email: 'accepted.one@example.org', name: 'Accepted One', roles: [] } }, admin.token)).data!.inviteUser;
    expect((await archive.gql(ACCEPT, { input: { token: used.token, password: 'a long enough password' } })).errors).toBeUndefined();
    expect((await archive.gql(REVOKE, { id: used.id }, admin.token)).errors?.[0]?.message).toMatch(/already accepted/);
  });

  it('refuses a duplicate e-mail invitation, naming the field', async () => {
    const admin = await archive.userWithRoles([Role.admin]);
    const existing = await archive.userWithRoles([Role.teacher]);
    const res = await archive.gql(
      `mutation($input: InviteUserInput!) { inviteUser(input: $input) { id } }`,
      { input: { email: existing.email, name: 'Twin', roles: ['teacher'] } },
      admin.token,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(await archive.db.models.Invitation.countDocuments({ email: existing.email })).toBe(0);
  });

  it('keeps user management to admins: anonymous is UNAUTHENTICATED, an editor FORBIDDEN', async () => {
    const editor = await archive.userWithRoles([Role.editor]);
    const anon = await archive.gql('{ users { totalCount } }');
    const asEditor = await archive.gql('{ users { totalCount } }', {}, editor.token);
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(asEditor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('sets roles with optimistic concurrency: a stale version gets CONFLICT and changes nothing', async () => {
    const admin = await archive.userWithRoles([Role.admin]);
    const target = await archive.userWithRoles([Role.teacher]);
    const SET = `mutation($input: SetUserRolesInput!) { setUserRoles(input: $input) { roles version } }`;
    const first = await archive.gql(SET, { input: { id: target.id, roles: ['researcher'], version: 1 } }, admin.token);
    expect(first.data?.setUserRoles).toEqual({ roles: ['researcher'], version: 2 });
    const stale = await archive.gql(SET, { input: { id: target.id, roles: ['admin'], version: 1 } }, admin.token);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const stored = await archive.db.models.User.findById(target.id).lean();
    expect(stored?.roles).toEqual(['researcher']);
    const audit = await archive.db.models.AuditEvent.find({ targetId: stored!._id, action: 'user.roles' }).lean();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toEqual({ roles: ['teacher'] });
    expect(audit[0]!.after).toEqual({ roles: ['researcher'] });
  });

  it('names the field of a malformed id and of an invalid e-mail', async () => {
    const admin = await archive.userWithRoles([Role.admin]);
    const badId = await archive.gql(
      `mutation { setUserRoles(input: { id: "nope", roles: [], version: 1 }) { id } }`,
      {},
      admin.token,
    );
    expect(badId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const badEmail = await archive.gql(
      `mutation { inviteUser(input: { email: "not-an-address", name: "X", roles: [] }) { id } }`,
      {},
      admin.token,
    );
    expect(badEmail.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badEmail.errors?.[0]?.message).toMatch(/email/);
    expect(badEmail.errors?.[0]?.message).not.toMatch(/not-an-address/);
  });
});
