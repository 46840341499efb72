import type { TestArchive } from './archive.js';

/**
 * The database commands sent while `work` runs, as `command:collection` (the connection monitors
 * commands); what the API sends on its own timers (background, above) is left out, since it is no request's.
 * `byId` lists the finds that ask for one record by `_id` (`collection:id`): on FerretDB the read layer
 * reads a set of records that way, one lookup each (server/src/db/id-lookup.ts); `queries` are the others.
 */
/**
 * What every API instance sends on its own timers, whatever the request: the search index's poll of
 * the change log (and its reader heartbeat), and the look for saves cut off before their audit record.
 */
const background = (command: string) => /:search_(changes|readers)$/.test(command) || command === 'find:edit_claims';

export async function commandsDuring<T>(archive: TestArchive, work: () => Promise<T>): Promise<{ seen: string[]; byId: string[]; queries: string[]; result: T }> {
  const seen: string[] = [];
  const byId: string[] = [];
  const queries: string[] = [];
  const client = archive.db.conn.getClient();
  const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
    const command = `${event.commandName}:${String(event.command[event.commandName])}`;
    if (background(command)) return;
    seen.push(command);
    const filter = event.command.filter as Record<string, unknown> | undefined;
    const id = event.commandName === 'find' && filter && Object.keys(filter).length === 1 ? filter._id : undefined;
    if (id !== undefined && (typeof id === 'string' || (typeof id === 'object' && id !== null && '_bsontype' in id))) byId.push(`${String(event.command.find)}:${String(id)}`);
    else queries.push(command);
  };
  client.on('commandStarted', listener);
  try {
    return { seen, byId, queries, result: await work() };
  } finally {
    client.off('commandStarted', listener);
  }
}

/** The same, each command with the filter it sends (a find's or a count's; an update's or delete's statements). */
export async function commandFiltersDuring(archive: TestArchive, work: () => Promise<unknown>): Promise<{ command: string; filter: unknown }[]> {
  const seen: { command: string; filter: unknown }[] = [];
  const client = archive.db.conn.getClient();
  const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
    const command = `${event.commandName}:${String(event.command[event.commandName])}`;
    if (!background(command)) seen.push({ command, filter: event.command.filter ?? event.command.query ?? event.command.updates ?? event.command.deletes });
  };
  client.on('commandStarted', listener);
  try {
    await work();
  } finally {
    client.off('commandStarted', listener);
  }
  return seen;
}

/** The records read more than once (by `_id`) in one stretch of commands. */
export function readTwice(byId: readonly string[]): string[] {
  return byId.filter((k, i) => byId.indexOf(k) !== i);
}
