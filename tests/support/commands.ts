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
