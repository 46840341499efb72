import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';

let archive: TestArchive;
beforeAll(async () => {
  archive = await startTestArchive();
});
afterAll(() => archive?.close());

const ME = `{ me { id } }`;

describe('sessions', () => {
  it('"sign out everywhere" ends every session of the user, and only theirs', async () => {
    const user = await archive.userWithRoles([Role.researcher]);
    const userDoc = (await archive.db.models.User.findById(user.id))!;
    const other = await archive.api.services.auth.openSession(userDoc.toObject());
    const someoneElse = await archive.userWithRoles([Role.researcher]);
    expect((await archive.gql(ME, {}, other.token)).data!.me.id).toBe(user.id);

    const res = await archive.gql(`mutation { signOutEverywhere }`, {}, user.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.signOutEverywhere).toBe(2);
    for (const token of [user.token, other.token]) expect((await archive.gql(ME, {}, token)).data!.me).toBeNull();
    expect((await archive.gql(ME, {}, someoneElse.token)).data!.me.id).toBe(someoneElse.id);
    expect((await archive.gql(`mutation { signOutEverywhere }`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('disabling a user ends their sessions', async () => {
    const admin = await archive.userWithRoles([Role.admin]);
    const user = await archive.userWithRoles([Role.teacher]);
    const version = (await archive.db.models.User.findById(user.id).lean())!.version;
    const res = await archive.gql(`mutation($input: SetUserStatusInput!) { setUserStatus(input: $input) { id status } }`, { input: { id: user.id, status: 'disabled', version } }, admin.token);
    expect(res.errors).toBeUndefined();
    expect(await archive.db.models.Session.countDocuments({ userId: user.id })).toBe(0);
    expect((await archive.gql(ME, {}, user.token)).data!.me).toBeNull();
  });
});
