#!/usr/bin/env node
// How long one PGlite statement holds the Node event loop (npm run build first):
//   node bench/pglite-event-loop.js [rows]      # default 5,000,000
// PGlite runs PostgreSQL on the main thread, so no timer fires while a statement runs.
// That is why the data folder lock judges a holder by its pid, never by how recently it
// touched the lock (src/database/data-dir-lock.ts, README "Dependencies and pins").
const { openPglite } = require('../dist/src/database/pglite');

async function main() {
  const rows = Number(process.argv[2] ?? 5_000_000);
  const pglite = await openPglite({});
  let last = Date.now();
  let longestGap = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
  }, 10);
  await new Promise((r) => setTimeout(r, 100));
  const started = Date.now();
  await pglite.query(`SELECT count(*) FROM generate_series(1, ${rows}) g, LATERAL (SELECT md5(g::text)) h`);
  const statementMs = Date.now() - started;
  await new Promise((r) => setTimeout(r, 50));
  clearInterval(timer);
  await pglite.close();
  console.log(`one statement over ${rows} rows: ${statementMs} ms; longest gap between 10 ms timer ticks: ${longestGap} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
