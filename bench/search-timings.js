#!/usr/bin/env node
// How fast `search` answers (issue 14: p95 under 50 ms with 10 concurrent
// clients at 500k people, 100k organisations, 1M meetings, 200k leads on
// PostgreSQL; the embedded database's figure at 50k people), after
// `node bench/generate-report-data.js [url] --scale F` and `npm run build`:
//   node bench/search-timings.js [postgres-url] [--requests N] [--clients C] [--embedded DIR]
// default postgres://postgres@127.0.0.1:5432/liaison_bench, 2,000 requests,
// 10 clients. Starts the built app (dist/, or LIAISON_DIST) on that database;
// with --embedded DIR it first copies the database into a new PGlite data
// folder DIR (pg_dump of the data into the migrated embedded database) and
// runs the app on that instead. Queries are drawn from the data (seeded, so
// two runs ask the same): family names, full names, prefixes while typing,
// typos (two letters swapped), organisation names, email addresses and
// domains, phone numbers written nationally and internationally, words of
// meeting titles. Each client sends one request after the other as a STAFF
// user in a team (the confidentiality policy applies); after 100 unmeasured
// warm-up requests, prints p50/p95/p99 of the round trip overall and per kind
// of query, the hits' average count, and requests per second.
// BENCH_KINDS=family,email asks only those kinds. Runs only against
// 127.0.0.1/localhost.
const { spawn, execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, rmSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { Client } = require('pg');

const DIST = process.env.LIAISON_DIST ?? join(__dirname, '../dist');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const REQUESTS = Number(option('--requests', 2000));
const CLIENTS = Number(option('--clients', 10));
const EMBEDDED = option('--embedded', null);
const url = args[0] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/liaison_bench';
const WARM_UP = 100;
const PORT = 39127;
const PASSWORD = 'bench-password-2026';
const STAFF = 'bench.user01@wfs.example';
const KINDS = (process.env.BENCH_KINDS ?? 'family,full,prefix,typo,organisation,email,domain,phone,meeting').split(',');

if (!['127.0.0.1', 'localhost'].includes(new URL(url).hostname)) throw new Error('runs only against a local database');

const SEARCH = `query ($q: String!) { search(query: $q, first: 20) { totalCount edges { node { type score
  highlights { field fragment matches { start length } }
  record { __typename ... on Organisation { id name } ... on Person { id givenName familyName } ... on Trip { id name }
    ... on Meeting { id title } ... on Lead { id title } ... on Note { id } } } } } }`;

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const ms = (value) => `${value.toFixed(1)} ms`;

/** A seeded random number generator (mulberry32), so two runs draw the same queries. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Two neighbouring letters inside the word swapped (never the first): a typo the search must forgive. */
function swapped(word, rand) {
  const letters = [...word];
  const at = 1 + Math.floor(rand() * (letters.length - 2));
  [letters[at], letters[at + 1]] = [letters[at + 1], letters[at]];
  return letters.join('');
}

/** The query mix, drawn from the data. */
async function drawQueries() {
  const db = new Client({ connectionString: url });
  await db.connect();
  await db.query(`SELECT setseed(0.25)`);
  const people = (await db.query(`SELECT given_name, family_name, emails, phones FROM people TABLESAMPLE BERNOULLI (1) REPEATABLE (7) LIMIT 400`)).rows;
  const orgs = (await db.query(`SELECT name FROM organisations TABLESAMPLE BERNOULLI (5) REPEATABLE (7) LIMIT 200`)).rows;
  const meetings = (await db.query(`SELECT title FROM meetings TABLESAMPLE BERNOULLI (0.1) REPEATABLE (7) LIMIT 200`)).rows;
  await db.end();
  const { parsePhoneNumberFromString } = require('libphonenumber-js');
  const rand = random(42);
  const pick = (rows) => rows[Math.floor(rand() * rows.length)];
  const longWord = (text) => text.split(/[\s,.()'-]+/).find((word) => [...word].length >= 6) ?? null;
  const queries = [];
  while (queries.length < REQUESTS + WARM_UP) {
    const person = pick(people);
    const kind = KINDS[queries.length % KINDS.length];
    let q = null;
    if (kind === 'family') q = person.family_name;
    if (kind === 'full') q = `${person.given_name} ${person.family_name}`;
    if (kind === 'prefix') q = `${person.given_name} ${[...person.family_name].slice(0, 3).join('')}`;
    if (kind === 'typo') {
      const word = longWord(`${person.family_name} ${pick(orgs).name}`);
      q = word && swapped(word, rand);
    }
    if (kind === 'organisation') q = pick(orgs).name.split(' ').slice(0, 2).join(' ');
    if (kind === 'email') q = person.emails[0]?.address ?? null;
    if (kind === 'domain') q = person.emails[0]?.address.split('@')[1] ?? null;
    if (kind === 'phone' && person.phones[0]) {
      const number = parsePhoneNumberFromString(person.phones[0].number);
      q = number?.isValid() ? (rand() < 0.5 ? number.formatNational() : number.formatInternational()) : null;
    }
    if (kind === 'meeting') q = longWord(pick(meetings).title);
    if (q) queries.push({ kind, q });
  }
  return queries;
}

/** Copies the PostgreSQL database into a new, migrated PGlite data folder. */
async function copyIntoPglite(dir) {
  const target = resolve(dir);
  if (existsSync(target)) rmSync(target, { recursive: true });
  mkdirSync(target, { recursive: true });
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { openPglite } = require(join(DIST, 'src/database/pglite.js'));
  const { buildDataSourceOptions } = require(join(DIST, 'src/database/data-source-options.js'));
  const pglite = await openPglite({ dataDir: target });
  const dataSource = new DataSource(await buildDataSourceOptions({ kind: 'pglite', pglite, description: target }, { migrationsRun: false }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  const dump = join(target, '..', `${new URL(url).pathname.slice(1)}-data.sql`);
  execFileSync('pg_dump', ['--data-only', '--disable-triggers', '--rows-per-insert=1000', '--exclude-table=migrations', '-f', dump, url]);
  const since = Date.now();
  // pg_dump's settings and psql meta-commands (\restrict) aside, one statement a line: run them in batches.
  const lines = readFileSync(dump, 'utf8').split('\n').filter((line) => !/^(SET|SELECT pg_catalog.set_config|\\)/.test(line));
  let batch = [];
  for (const line of lines) {
    batch.push(line);
    if (line.endsWith(';') && batch.length > 2000) {
      await pglite.exec(batch.join('\n'));
      batch = [];
    }
  }
  if (batch.length) await pglite.exec(batch.join('\n'));
  await pglite.exec('ANALYZE');
  await pglite.close();
  rmSync(dump);
  console.log(`Copied ${url} into PGlite at ${target} in ${((Date.now() - since) / 1000).toFixed(0)} s`);
  return target;
}

async function startApp(dataDir) {
  const env = {
    PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(PORT), JWT_SECRET: 'b'.repeat(32), JWT_TTL_SECONDS: '3600',
    LOG_LEVEL: 'warn', LOG_FORMAT: 'json', GRAPHQL_SCHEMA_FILE: '', DIGEST_ENABLED: 'false', LIAISON_ADMIN_PASSWORD: PASSWORD,
    ...(dataDir ? { LIAISON_DATA_DIR: dataDir } : { DATABASE_URL: url }),
  };
  const child = spawn(process.execPath, [join(DIST, 'src/main.js')], { cwd: require('node:os').tmpdir(), env, stdio: ['ignore', 'inherit', 'inherit'] });
  for (;;) {
    if (await fetch(`http://127.0.0.1:${PORT}/health/ready`).then((r) => r.ok, () => false)) return child;
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function gql(query, variables, token) {
  const res = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(`${JSON.stringify(variables)}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

(async () => {
  const queries = await drawQueries();
  const dataDir = EMBEDDED ? await copyIntoPglite(EMBEDDED) : null;
  const db = new Client({ connectionString: url });
  await db.connect();
  const counts = Object.fromEntries(
    await Promise.all(['people', 'organisations', 'meetings', 'leads', 'notes'].map(async (table) => [table, (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n])),
  );
  await db.end();
  const app = await startApp(dataDir);
  try {
    const token = (await gql(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: STAFF, p: PASSWORD })).login.token;
    const timings = [];
    let next = 0;
    let started = 0;
    const client = async () => {
      for (;;) {
        const index = next++;
        if (index >= queries.length) return;
        if (index === WARM_UP) started = performance.now();
        const at = performance.now();
        const data = await gql(SEARCH, { q: queries[index].q }, token);
        if (index >= WARM_UP) timings.push({ kind: queries[index].kind, ms: performance.now() - at, hits: data.search.totalCount });
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    const seconds = (performance.now() - started) / 1000;
    const report = (label, rows) => {
      const sorted = rows.map((row) => row.ms).sort((a, b) => a - b);
      const hits = rows.reduce((sum, row) => sum + row.hits, 0) / rows.length;
      console.log(`${label.padEnd(14)} ${String(rows.length).padStart(5)}  p50 ${ms(quantile(sorted, 0.5)).padStart(9)}  p95 ${ms(quantile(sorted, 0.95)).padStart(9)}  p99 ${ms(quantile(sorted, 0.99)).padStart(9)}  hits ${hits.toFixed(0).padStart(6)}`);
    };
    console.log(`${EMBEDDED ? 'PGlite (embedded)' : 'PostgreSQL'}: ${Object.entries(counts).map(([table, n]) => `${n.toLocaleString('en-US')} ${table}`).join(', ')}`);
    console.log(`${timings.length} requests, ${CLIENTS} clients, ${(timings.length / seconds).toFixed(0)} requests/s`);
    report('all', timings);
    for (const kind of [...new Set(timings.map((row) => row.kind))]) report(kind, timings.filter((row) => row.kind === kind));
  } finally {
    app.kill();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
