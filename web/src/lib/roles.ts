import { m } from '$lib/paraglide/messages.js';

const LABELS: Record<string, () => string> = {
  war_veteran: m.role_war_veteran,
  labour_veteran: m.role_labour_veteran,
  diaspora_elder: m.role_diaspora_elder,
  public_figure: m.role_public_figure,
  community_leader: m.role_community_leader,
  witness: m.role_witness,
};

/** Why the narrator was interviewed, in the reader's language. */
export const roleLabel = (role: string): string => LABELS[role]?.() ?? role;
