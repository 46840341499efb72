import { isAdmin, isEditor, requireStaff } from '$lib/server/studio.js';
import type { LayoutServerLoad } from './$types';

// Every studio page is personal and changes with each save: never cached, never indexed.
export const load: LayoutServerLoad = (event) => {
  const user = requireStaff(event);
  event.setHeaders({ 'cache-control': 'private, no-store' });
  return { staff: { editor: isEditor(user), admin: isAdmin(user) } };
};
