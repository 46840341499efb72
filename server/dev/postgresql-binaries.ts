import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** FerretDB's storage behind the embedded database: SQLite files, or a private PostgreSQL cluster. */
export type FerretDbBackend = 'sqlite' | 'postgresql';

/** FERRETDB_BACKEND: `sqlite` when unset (docs/decisions/ferretdb-settings.md says why). */
export function ferretDbBackend(env: NodeJS.ProcessEnv): FerretDbBackend {
  const value = env.FERRETDB_BACKEND?.trim() || 'sqlite';
  if (value !== 'sqlite' && value !== 'postgresql') {
    throw new Error(`FERRETDB_BACKEND must be sqlite or postgresql, not ${JSON.stringify(value.slice(0, 40))}`);
  }
  return value;
}

const DEBIAN_DIR = '/usr/lib/postgresql';

/**
 * The folder of PostgreSQL's server programs (initdb, postgres): POSTGRESQL_BIN_DIR, else the newest
 * of Debian's /usr/lib/postgresql/<major>/bin (not on PATH: Debian puts only wrappers there).
 */
export function postgresqlBinDir(env: NodeJS.ProcessEnv): string {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
  if (env.POSTGRESQL_BIN_DIR) {
    if (!has(env.POSTGRESQL_BIN_DIR)) throw new Error(`POSTGRESQL_BIN_DIR=${env.POSTGRESQL_BIN_DIR} holds no initdb and postgres`);
    return env.POSTGRESQL_BIN_DIR;
  }
  const majors = existsSync(DEBIAN_DIR)
    ? readdirSync(DEBIAN_DIR).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
    : [];
  const found = majors.map((v) => join(DEBIAN_DIR, v, 'bin')).find(has);
  if (!found) {
    throw new Error(`FerretDB's PostgreSQL backend needs PostgreSQL's server programs (initdb, postgres), and none were found in ${DEBIAN_DIR}/<version>/bin.
Install them (Debian: apt-get install postgresql) or set POSTGRESQL_BIN_DIR to the folder that holds them.`);
  }
  return found;
}
