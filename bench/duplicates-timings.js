#!/usr/bin/env node
// Duplicates at scale (issue 14): "at 500k people the first page answers in under 1 s".
//   npm run build && node bench/duplicates-timings.js [postgres-url] [people] [runs]
// default postgres://postgres@127.0.0.1:5432/liaison_bench_duplicates, 500000 people, 20 runs.
// DROPS and recreates that database, applies the migrations of the built app
// (dist/, or LIAISON_DIST), loads `people` people (and a fifth as many
// organisations, one affiliation each) with set-based SQL, about 2 % of them
// second entries of someone (same email, same phone, a typo in the family
// name, or given and family name swapped), rebuilds the duplicate pairs
// (the load runs in replica mode, so their triggers did not fire), then
// starts the built app and times through the HTTP API, as the admin:
//   - duplicateCandidates(type: PERSON), the first page of 25 and the next;
//   - duplicateCandidates(type: ORGANISATION), the first page;
//   - person(id) { possibleDuplicates } of a person with a twin;
//   - createPerson of a twin of a known person (the triggers' cost to a writer);
// and, for the README's complexity note, how long finding every pair on
// request (the set-based join the rebuild runs, without writing) takes.
// random() is seeded, so two runs load the same data. Runs only against 127.0.0.1/localhost.
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { Client } = require('pg');

const DIST = process.env.LIAISON_DIST ?? join(__dirname, '../dist');
const url = process.argv[2] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/liaison_bench_duplicates';
const PEOPLE = Number(process.argv[3] ?? 500_000);
const RUNS = Number(process.argv[4] ?? 20);
const ORGANISATIONS = Math.max(10, Math.round(PEOPLE / 5));
const PORT = 39126;
const PASSWORD = 'bench-password-2026';
const ADMIN = 'admin@liaison.local';

const parsed = new URL(url);
if (!['127.0.0.1', 'localhost'].includes(parsed.hostname)) throw new Error(`refusing to drop a database on ${parsed.hostname}`);
const dbName = parsed.pathname.slice(1);
if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error(`unexpected database name ${dbName}`);

const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

const GIVEN = ['Anna', 'Thomas', 'Michael', 'Sabine', 'Stefan', 'Katrin', 'Jörg', 'Uwe', 'Claudia', 'Andreas', 'Petra', 'Frank',
  'Jürgen', 'Monika', 'Klaus', 'Birgit', 'Matthias', 'Susanne', 'Ralf', 'Heike', 'Giulia', 'Marco', 'Francesca', 'Luca',
  'Chiara', 'Paolo', 'Elena', 'Nicolò', 'Sofia', 'Alessandro', 'Martina', 'Giorgio', 'Federica', 'Matteo', 'Valentina',
  'Lorenzo', 'Sara', 'Davide', 'Alessia', 'Simone', 'Emma', 'Oliver', 'James', 'Charlotte', 'William', 'Amelia', 'Jan',
  'Petr', 'Tereza', 'Tomasz', 'Agnieszka', 'Pierre', 'Camille', 'Léa', 'Hugo', 'Zoé', 'Björn', 'Åsa', 'Ólafur', 'Ioana'];
// Family names of three parts: 750 beginnings (the first three letters the blocking keys use), so a
// given name and a beginning hold about 11 of 500,000 people. Real names bunch more ("Sch..."):
// blocks grow with the square of their size.
const FAMILY_HEADS = ['Ba', 'Be', 'Bi', 'Bo', 'Bru', 'Ca', 'Ce', 'Co', 'Da', 'De', 'Fa', 'Fe', 'Ga', 'Gi', 'Ha', 'He', 'Ko',
  'La', 'Le', 'Lo', 'Ma', 'Me', 'Mo', 'Pa', 'Pe', 'Ri', 'Ro', 'Sa', 'Schm', 'Ve'];
const FAMILY_MIDDLES = ['l', 'n', 'r', 'st', 'ck', 'nt', 'rd', 'll', 'ss', 'rt', 'gl', 'ns', 'ld', 'mb', 'z', 'tt', 'v', 'm',
  'nd', 'ch', 'ff', 'rn', 'sk', 'tr', 'br'];
const FAMILY_TAILS = ['er', 'idt', 'eider', 'ers', 'ner', 'ert', 'mann', 'ke', 'hardt', 'berg', 'stein', 'li', 'i', 'elli',
  'ini', 'etti', 'one', 'ano', 'ino', 'ucci', 'ardi', 'oni', 'esi', 'otti', 'ari', 'ello', 'ato', 'ese', 'anti', 'ieri',
  'ová', 'ski', 'ek', 'ić', 'escu', 'sson', 'sen', 'eau', 'ier', 'ault'];
const COMPANY_WORDS = ['Automotive', 'Systems', 'Technik', 'Components', 'Engineering', 'Solutions', 'Industrie', 'Werke',
  'Meccanica', 'Elettronica', 'Precision', 'Logistik', 'Energie', 'Materials', 'Robotics', 'Software', 'Foundry', 'Tools'];
const LEGAL = ['GmbH', 'AG', 'S.p.A.', 'S.r.l.', 'SE', 'KG', 's.r.o.', 'Sp. z o.o.', 'SAS', 'Ltd'];

const sqlArray = (values) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`;

async function recreateDatabase() {
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
}

async function migrate() {
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { buildDataSourceOptions } = require(join(DIST, 'src/database/data-source-options.js'));
  const dataSource = new DataSource(await buildDataSourceOptions({ kind: 'postgres', url }, { migrationsRun: false }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}

async function load(db) {
  await db.query(`SELECT setseed(0.14)`);
  await db.query(`SET session_replication_role = replica`);
  await db.query(`CREATE TEMP TABLE words AS SELECT ${sqlArray(GIVEN)} AS given, ${sqlArray(FAMILY_HEADS)} AS heads,
    ${sqlArray(FAMILY_MIDDLES)} AS middles, ${sqlArray(FAMILY_TAILS)} AS tails, ${sqlArray(COMPANY_WORDS)} AS company, ${sqlArray(LEGAL)} AS legal`);
  await db.query(`INSERT INTO organisations (id, name, kind, country, city, website)
    SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
           w.heads[1 + g % cardinality(w.heads)] || w.tails[1 + (g / 7) % cardinality(w.tails)] || ' '
             || w.company[1 + (g / 3) % cardinality(w.company)] || ' ' || w.legal[1 + g % cardinality(w.legal)],
           'COMPANY', (ARRAY['DE', 'IT', 'AT', 'CZ', 'PL', 'FR'])[1 + g % 6], 'Stadt ' || (g % 997),
           CASE WHEN g % 3 = 0 THEN NULL ELSE 'https://www.firma' || g || '.example' END
    FROM generate_series(1, $1::int) g, words w`, [ORGANISATIONS]);
  // Originals; every 50th person is then entered a second time, in one of four ways.
  await db.query(`INSERT INTO people (id, given_name, family_name, emails, phones)
    SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid, given, family,
           CASE WHEN random() < 0.7 THEN jsonb_build_array(jsonb_build_object('address', 'p' || g || '@mail.example', 'label', NULL, 'primary', true)) ELSE '[]' END,
           CASE WHEN random() < 0.5 THEN jsonb_build_array(jsonb_build_object('number', '+49151' || lpad(g::text, 8, '0'), 'label', NULL, 'primary', true)) ELSE '[]' END
    FROM (SELECT g, w.given[1 + floor(random() * cardinality(w.given))::int] AS given,
                 w.heads[1 + floor(random() * cardinality(w.heads))::int] || w.middles[1 + floor(random() * cardinality(w.middles))::int]
                   || w.tails[1 + floor(random() * cardinality(w.tails))::int] AS family
          FROM generate_series(1, $1::int) g, words w) p`, [PEOPLE - Math.floor(PEOPLE / 50)]);
  await db.query(`INSERT INTO people (id, given_name, family_name, emails, phones)
    SELECT ('00000000-0000-4000-a000-' || lpad(to_hex(n), 12, '0'))::uuid,
           CASE WHEN n % 4 = 3 THEN p.family_name ELSE p.given_name END,
           CASE WHEN n % 4 = 2 THEN left(p.family_name, 3) || substr(p.family_name, 5) WHEN n % 4 = 3 THEN p.given_name ELSE p.family_name END,
           CASE WHEN n % 4 = 0 THEN p.emails ELSE '[]' END,
           CASE WHEN n % 4 = 1 THEN p.phones ELSE '[]' END
    FROM generate_series(1, $1::int) n
    JOIN people p ON p.id = ('00000000-0000-4000-9000-' || lpad(to_hex(n * 49), 12, '0'))::uuid`, [Math.floor(PEOPLE / 50)]);
  await db.query(`INSERT INTO affiliations (person_id, organisation_id, is_primary)
    SELECT p.id, ('00000000-0000-4000-8000-' || lpad(to_hex(1 + floor(random() * $1)::int), 12, '0'))::uuid, true FROM people p`, [ORGANISATIONS]);
  await db.query(`SET session_replication_role = origin`);
}

async function startApp() {
  const child = spawn(process.execPath, [join(DIST, 'src/main.js')], {
    cwd: require('node:os').tmpdir(),
    env: {
      PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(PORT), DATABASE_URL: url, JWT_SECRET: 'b'.repeat(32),
      JWT_TTL_SECONDS: '3600', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', GRAPHQL_SCHEMA_FILE: '', DIGEST_ENABLED: 'false',
      LIAISON_ADMIN_PASSWORD: PASSWORD,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (;;) {
    if (await fetch(`http://127.0.0.1:${PORT}/health/ready`).then((r) => r.ok, () => false)) return child;
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function gql(query, variables, token) {
  const res = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function time(label, run) {
  await run(-1);
  const ms = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = process.hrtime.bigint();
    await run(i);
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  ms.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(58)} median ${quantile(ms, 0.5).toFixed(1).padStart(7)} ms   p95 ${quantile(ms, 0.95).toFixed(1).padStart(7)} ms`);
}

const CANDIDATES = `query ($type: DuplicateType!, $after: String) { duplicateCandidates(type: $type, first: 25, after: $after) {
  edges { node { ids score reasons people { id givenName familyName } organisations { id name } } } pageInfo { endCursor } } }`;

async function main() {
  console.log(`Duplicates bench in ${parsed.host}${parsed.pathname}: ${PEOPLE} people, ${ORGANISATIONS} organisations (migrations from ${DIST})`);
  let since = Date.now();
  // BENCH_REUSE=people: keep the loaded people and their pairs (a load takes long on 2 cores), rebuild the rest.
  const reuse = process.env.BENCH_REUSE ?? '';
  if (!reuse) {
    await recreateDatabase();
    await migrate();
    console.log(`  database recreated and migrated: ${seconds(since)} s`);
  }
  const db = new Client({ connectionString: url });
  await db.connect();
  await db.query(`SET jit = off`);
  if (!reuse) {
    since = Date.now();
    await load(db);
    await db.query('ANALYZE');
    console.log(`  people, organisations and affiliations loaded: ${seconds(since)} s`);
    since = Date.now();
    await db.query(`SELECT liaison_refresh_person_pairs(NULL)`);
    console.log(`  person pairs rebuilt (liaison_refresh_person_pairs(NULL)): ${seconds(since)} s`);
  }
  // BENCH_ORGANISATION_PAIRS=0 leaves the organisations' pairs out (their rebuild is the slow part at 100,000).
  const organisationPairs = process.env.BENCH_ORGANISATION_PAIRS !== '0';
  if (organisationPairs) {
    since = Date.now();
    await db.query(`SELECT liaison_refresh_organisation_pairs(NULL)`);
    console.log(`  organisation pairs rebuilt: ${seconds(since)} s`);
  }
  await db.query('VACUUM ANALYZE');
  const { rows: counts } = await db.query(`SELECT record_type, count(*)::int AS pairs FROM duplicate_pairs GROUP BY record_type ORDER BY 1`);
  console.log(`  pairs: ${counts.map((r) => `${r.record_type} ${r.pairs}`).join(', ')}`);

  const { rows: [twin] } = await db.query(`SELECT low_id AS id FROM duplicate_pairs WHERE record_type = 'PERSON' ORDER BY score DESC, low_id LIMIT 1`);
  const { rows: [known] } = await db.query(`SELECT given_name, family_name, emails FROM people WHERE id = $1`, [twin.id]);
  const { rows: plan } = await db.query(`EXPLAIN SELECT dp.low_id, dp.high_id FROM duplicate_pairs dp WHERE dp.record_type = 'PERSON'
      AND NOT EXISTS (SELECT 1 FROM duplicate_dismissals dd WHERE dd.record_type = dp.record_type AND dd.low_id = dp.low_id AND dd.high_id = dp.high_id)
      ORDER BY dp.score DESC, dp.low_id, dp.high_id LIMIT 26`);
  console.log(`  first page plan: ${plan.map((r) => r['QUERY PLAN'].trim()).filter((l) => /Scan|Limit|Join/.test(l)).join(' | ')}`);
  await db.end();

  const app = await startApp();
  try {
    const token = (await gql(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: ADMIN, p: PASSWORD })).login.token;
    console.log(`Through the API (${RUNS} runs each, after one warm-up):`);
    await time('duplicateCandidates(PERSON, first: 25), first page', () => gql(CANDIDATES, { type: 'PERSON' }, token));
    const first = await gql(CANDIDATES, { type: 'PERSON' }, token);
    await time('duplicateCandidates(PERSON, first: 25), second page', () =>
      gql(CANDIDATES, { type: 'PERSON', after: first.duplicateCandidates.pageInfo.endCursor }, token));
    if (organisationPairs) {
      await time('duplicateCandidates(ORGANISATION, first: 25), first page', () => gql(CANDIDATES, { type: 'ORGANISATION' }, token));
    }
    await time('person(id) { possibleDuplicates }', () =>
      gql(`query ($id: ID!) { person(id: $id) { possibleDuplicates { score reasons person { id } } } }`, { id: twin.id }, token));
    await time('createPerson of a twin (pairs refreshed by the triggers)', (i) =>
      gql(`mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id possibleDuplicates { score } } }`, {
        input: { givenName: known.given_name, familyName: known.family_name, emails: [{ address: `bench-twin-${i + 2}@mail.example` }] },
      }, token));
  } finally {
    app.kill();
  }
  if (process.env.BENCH_ON_REQUEST !== '0') {
    const db2 = new Client({ connectionString: url });
    await db2.connect();
    await db2.query('SET jit = off');
    // BENCH_ON_REQUEST=0 skips it (at 500,000 people it runs as long as the rebuild).
    // Finding every pair on request instead of reading the stored ones: the rebuild's join, counted, not written.
    since = Date.now();
    const { rows: onRequest } = await db2.query(`WITH f AS (
        SELECT p.id, liaison_person_keys(p.given_name, p.family_name, p.emails, p.phones) AS keys,
               liaison_fold(p.given_name || ' ' || p.family_name) AS name,
               ARRAY(SELECT af.organisation_id FROM affiliations af WHERE af.person_id = p.id AND af.archived_at IS NULL) AS orgs
        FROM people p WHERE p.archived_at IS NULL),
      k AS (SELECT f.id, unnest(f.keys) AS key FROM f),
      pairs AS (SELECT DISTINCT a.id AS low, b.id AS high FROM k a JOIN k b ON b.key = a.key AND a.id < b.id)
      SELECT count(*)::int AS n FROM pairs JOIN f a ON a.id = pairs.low JOIN f b ON b.id = pairs.high
      CROSS JOIN LATERAL liaison_person_pair(a.keys, a.name, a.orgs, b.keys, b.name, b.orgs) m`);
    console.log(`  every person pair found on request (no stored pairs): ${seconds(since)} s for ${onRequest[0].n} pairs`);
    await db2.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
