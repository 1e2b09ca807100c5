import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite' with { 'resolution-mode': 'import' };

/**
 * Opens the embedded PostgreSQL (PGlite) with the extensions our migrations
 * create: PGlite only knows extensions passed at create time.
 * `dataDir` is a folder (persisted) or undefined (in memory); `loadDataDir`
 * restores a dump made by `dumpDataDir` (the tests' migrated snapshot).
 */
export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob }): Promise<PGlite> {
  // PGlite and its extensions ship as ESM; import them lazily so the
  // PostgreSQL path never loads the WASM build.
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { citext } = await import('@electric-sql/pglite/contrib/citext');
  const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
  const { fuzzystrmatch } = await import('@electric-sql/pglite/contrib/fuzzystrmatch');
  let dataDir: string | undefined;
  if (options.dataDir) {
    dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
  }
  const pglite = await PGlite.create({
    dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { pg_trgm, unaccent, citext, pgcrypto, fuzzystrmatch },
  });
  await pglite.waitReady;
  return pglite;
}
