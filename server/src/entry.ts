import { fileURLToPath } from 'node:url';
import { ConfigError } from './config.js';

/** Is the module at `moduleUrl` the program node was asked to run (not imported by another entry)? */
export const isEntry = (moduleUrl: string) => Boolean(process.argv[1]) && fileURLToPath(moduleUrl) === process.argv[1];

/** Runs an entry point: a configuration problem is printed as the list it is, anything else with its stack. */
export function runEntry(start: () => Promise<unknown>) {
  start().catch((err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
}
