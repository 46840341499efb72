import { fail } from '@sveltejs/kit';
import { graphql } from '$lib/graphql.js';
import { execute, query } from '$lib/server/client.js';
import { all, str } from '$lib/server/forms.js';
import { actionFailure, isAdmin, requireStaff, when } from '$lib/server/studio.js';
import type { Actions, PageServerLoad } from './$types';

const Users = graphql(`query StudioUsers { users(first: 100) { nodes { id name email roles status version lastSignInAt } } }`);
const Fixity = graphql(`
  query StudioFixity { fixityReport { ok failed unchecked lastCheckedAt problems { mediaAssetId interviewId kind fileName fixity { status checkedAt } } } }
`);
const Invite = graphql(`mutation StudioInvite($input: InviteUserInput!) { inviteUser(input: $input) { id name email token expiresAt } }`);
const Invitations = graphql(`query StudioInvitations { invitations(first: 100) { nodes { id name email roles expiresAt } } }`);
const Revoke = graphql(`mutation StudioRevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id } }`);
const SetRoles = graphql(`mutation StudioSetRoles($input: SetUserRolesInput!) { setUserRoles(input: $input) { id roles } }`);

const ROLES = ['researcher', 'editor', 'admin', 'teacher'] as const;
const roles = (form: FormData) => all(form, 'roles').filter((r): r is (typeof ROLES)[number] => (ROLES as readonly string[]).includes(r));

export const load: PageServerLoad = async (event) => {
  requireStaff(event, isAdmin);
  const lang = event.locals.lang;
  const [usersData, invitationsData, { fixityReport: report }] = await Promise.all([query(event, Users), query(event, Invitations), query(event, Fixity)]);
  const users = usersData.users.nodes.map((u) => ({ ...u, lastSeen: u.lastSignInAt ? when(u.lastSignInAt, lang) : null }));
  const invitations = invitationsData.invitations.nodes.map((i) => ({ ...i, expires: when(i.expiresAt, lang) }));
  // Changed or missing masters and copies, from the worker's fixity checks: the admin acts on these.
  const fixity = {
    ...report,
    lastChecked: report.lastCheckedAt ? when(report.lastCheckedAt, lang) : null,
    problems: report.problems.map(({ fixity: f, ...p }) => ({ ...p, fixity: { status: f.status, date: when(f.checkedAt, lang) } })),
  };
  return { users, invitations, roles: ROLES, fixity };
};

export const actions: Actions = {
  invite: async (event) => {
    requireStaff(event, isAdmin);
    const form = await event.request.formData();
    const name = str(form, 'name');
    const email = str(form, 'email');
    if (!name || !email) return fail(400, { problem: null, missing: true });
    try {
      const { inviteUser } = (await execute(event, Invite, { input: { name, email, roles: roles(form) } })).data;
      // The token is shown this once, in this answer only: it is never stored by the site.
      const link = `${event.url.origin}/${event.locals.lang}/accept-invitation?token=${encodeURIComponent(inviteUser.token ?? '')}`;
      return { invited: { name: inviteUser.name, link, expires: when(inviteUser.expiresAt, event.locals.lang) } };
    } catch (err) {
      return actionFailure(err);
    }
  },
  revoke: async (event) => {
    requireStaff(event, isAdmin);
    const id = str(await event.request.formData(), 'id') ?? '';
    try {
      await execute(event, Revoke, { id });
    } catch (err) {
      return actionFailure(err);
    }
    return { revoked: true };
  },
  roles: async (event) => {
    requireStaff(event, isAdmin);
    const form = await event.request.formData();
    const id = str(form, 'id') ?? '';
    try {
      await execute(event, SetRoles, { input: { id, version: Number(form.get('version')), roles: roles(form) } });
    } catch (err) {
      return actionFailure(err, { userId: id });
    }
    return { rolesSaved: id };
  },
};
