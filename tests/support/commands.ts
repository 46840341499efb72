import type { TestArchive } from './archive.js';

/**
 * The database commands sent while `work` runs, as `command:collection` (the connection monitors
 * commands); the change log's own polling by the search index is left out, since it is no request's.
 */
export async function commandsDuring<T>(archive: TestArchive, work: () => Promise<T>): Promise<{ seen: string[]; result: T }> {
  const seen: string[] = [];
  const client = archive.db.conn.getClient();
  const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
    const command = `${event.commandName}:${String(event.command[event.commandName])}`;
    if (!/:search_(changes|readers)$/.test(command)) seen.push(command);
  };
  client.on('commandStarted', listener);
  try {
    return { seen, result: await work() };
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
    if (!/:search_(changes|readers)$/.test(command)) seen.push({ command, filter: event.command.filter ?? event.command.query ?? event.command.updates ?? event.command.deletes });
  };
  client.on('commandStarted', listener);
  try {
    await work();
  } finally {
    client.off('commandStarted', listener);
  }
  return seen;
}
