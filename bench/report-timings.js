#!/usr/bin/env node
// How fast pipelineReport and tripReport answer on report-sized data (issue 5),
// after `node bench/generate-report-data.js` and a build (npm run build):
//   node bench/report-timings.js [postgres-url] [runs]
// default postgres://postgres@127.0.0.1:5432/liaison_bench, 20 runs. Starts the
// built app (dist/, or the build named by LIAISON_DIST) on that database, which
// applies pending migrations, then POSTs each report to /graphql as the admin
// and as a STAFF user: 3 unmeasured warm-up runs, then `runs` measured ones,
// one at a time; prints the median and p95 of the round trip. Then prints the
// key lines of EXPLAIN (ANALYZE, BUFFERS) of every statement behind the two
// reports: the statements are captured by running the built ReportingService
// on a pg connection that records what it is asked. BENCH_FULL_PLANS=1 prints
// whole plans; BENCH_CASES=period,trip runs only the cases whose label contains
// one of those words. The EXPLAIN connection turns JIT off, as the app's connections
// do (src/database/data-source-options.ts). Runs only against 127.0.0.1/localhost.
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { Client } = require('pg');

const DIST = process.env.LIAISON_DIST ?? join(__dirname, '../dist');
const url = process.argv[2] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/liaison_bench';
const RUNS = Number(process.argv[3] ?? 20);
const WARM_UP = 3;
const PORT = 39125;
const PASSWORD = 'bench-password-2026';
const ADMIN = 'bench.admin@wfs.example';
const STAFF = 'bench.user01@wfs.example';
const FULL_PLANS = process.env.BENCH_FULL_PLANS === '1';

if (!['127.0.0.1', 'localhost'].includes(new URL(url).hostname)) throw new Error('runs only against a local database');

// The documents of test/e2e/reports.e2e.spec.ts: every figure of both reports.
const PIPELINE = `query ($filter: PipelineReportFilter, $groupBy: PipelineGroupBy) {
  pipelineReport(filter: $filter, groupBy: $groupBy) {
    asOf totalLeads totalEstimatedValue groupBy
    stages { stage leads estimatedValue reached conversionRate medianDaysInStage }
    groups { key label leads estimatedValue } } }`;
const TRIP = `query ($tripId: ID!, $asOf: String) { tripReport(tripId: $tripId, asOf: $asOf) {
  tripId asOf trip { name }
  meetings { total held planned cancelled byKind { key count } byCity { key count } }
  organisations { total new alreadyKnown byCountry { key total new alreadyKnown } byKind { key total new alreadyKnown } }
  peopleMet peopleMetForFirstTime newContacts { familyName }
  leads { opened estimatedValue potentialJobs byStage { key count } leads { title stage currentStage stageSince lead { id } } }
  partnerships { formed valueEur potentialJobs partnerships { title signedOn valueEur partnership { kind } } }
  commitments { kept open overdue openCommitments { title dueDate } } } }`;

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

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

async function login(email) {
  const data = await gql(`mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`, {
    email,
    password: PASSWORD,
  });
  return data.login.token;
}

async function time(query, variables, token) {
  let data;
  for (let i = 0; i < WARM_UP; i += 1) data = await gql(query, variables, token);
  const ms = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = process.hrtime.bigint();
    await gql(query, variables, token);
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { median: quantile(ms, 0.5), p95: quantile(ms, 0.95), data };
}

/** The statements behind a report: the built service and repository, on a connection that records each query. */
async function captureStatements(db, run) {
  require('reflect-metadata');
  require(join(DIST, 'src/database/data-source-options.js')); // the app's pg type parsers (dates, numerics)
  const { ReportingRepository } = require(join(DIST, 'src/reporting/reporting.repository.js'));
  const { ReportingService } = require(join(DIST, 'src/reporting/reporting.service.js'));
  const statements = [];
  const recording = (label) => ({
    query: async (sql, params = []) => {
      statements.push({ label, sql, params });
      return (await db.query(sql, params)).rows;
    },
  });
  const dataSource = {
    driver: {}, // no pool: the trip report's statements run one after another on the recording connection
    query: (sql, params) => recording('dataSource').query(sql, params),
    transaction: async (isolation, work) => {
      await db.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      try {
        const result = await work(recording('snapshot'));
        await db.query('COMMIT');
        return result;
      } catch (error) {
        await db.query('ROLLBACK');
        throw error;
      }
    },
  };
  const repository = new ReportingRepository(dataSource);
  // Name each statement after the repository method that sent it.
  for (const name of Object.getOwnPropertyNames(ReportingRepository.prototype)) {
    const method = repository[name];
    if (name === 'constructor' || name === 'snapshot' || typeof method !== 'function') continue;
    repository[name] = (first, ...rest) =>
      method.call(repository, first && typeof first.query === 'function' ? recording(name) : first, ...rest);
  }
  // The service's other collaborators (the confidential-reads log) do nothing here.
  const inert = new Proxy({}, { get: () => async () => undefined });
  await run(new ReportingService(repository, inert, inert, inert));
  return statements;
}

/** The plan lines that tell where the time goes: the root, every scan, sorts, and the totals. */
function keyLines(plan) {
  const lines = plan.map((row) => row['QUERY PLAN']);
  if (FULL_PLANS) return lines;
  const key = lines.filter(
    (line, i) =>
      i === 0 ||
      /Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan|Sort Method|Buffers: shared|Planning Time|Execution Time|SubPlan|InitPlan/.test(line),
  );
  // Buffers lines only for the root (the statement's total I/O).
  const rootBuffers = lines.findIndex((line) => /^\s*Buffers:/.test(line));
  return key.filter((line, i) => !/^\s*Buffers:/.test(line) || lines.indexOf(line) === rootBuffers).map((l) => l.replace(/\s+$/, ''));
}

(async () => {
  const db = new Client({ connectionString: url, application_name: 'liaison-bench-timings', options: '-c jit=off' });
  await db.connect();
  const { rows: [trip] } = await db.query(
    `SELECT t.id, t.name, t.end_date::text AS "endDate", count(*)::int AS meetings,
            (SELECT count(*)::int FROM leads l WHERE l.origin_trip_id = t.id) AS leads
       FROM trips t JOIN meetings m ON m.trip_id = t.id WHERE t.end_date < current_date
      GROUP BY t.id ORDER BY meetings DESC, t.id LIMIT 1`,
  );
  // The owner with the most leads, and the first bench team, for the owner and team filters.
  const { rows: [owner] } = await db.query(`SELECT owner_id AS id FROM leads GROUP BY owner_id ORDER BY count(*) DESC, owner_id LIMIT 1`);
  const { rows: [team] } = await db.query(`SELECT id FROM teams ORDER BY name, id LIMIT 1`);
  const { rows: [counts] } = await db.query(`SELECT (SELECT count(*) FROM leads)::int AS leads, (SELECT count(*) FROM meetings)::int AS meetings`);
  const { rows: [{ version }] } = await db.query(`SELECT current_setting('server_version') AS version`);
  // Three months after the trip, or yesterday if that is still to come.
  const asOf = new Date(Math.min(Date.parse(trip.endDate) + 90 * 86_400_000, Date.now() - 86_400_000)).toISOString().slice(0, 10);
  console.log(`PostgreSQL ${version}, ${counts.leads} leads, ${counts.meetings} meetings; large trip ${trip.id} "${trip.name}": ` +
    `${trip.meetings} meetings, ${trip.leads} leads; ${RUNS} runs after ${WARM_UP} warm-up runs; ` +
    `load average ${require('node:os').loadavg().map((l) => l.toFixed(2)).join(' ')}` +
    `\n`);

  const cases = [
    ['pipelineReport, no filter, by stage', PIPELINE, { groupBy: 'STAGE' }],
    ['pipelineReport, period 2024, by stage', PIPELINE, { filter: { from: '2024-01-01', to: '2024-12-31' }, groupBy: 'STAGE' }],
    ['pipelineReport, large trip, by stage', PIPELINE, { filter: { tripId: trip.id }, groupBy: 'STAGE' }],
    ['pipelineReport, kind SUPPLY, by stage', PIPELINE, { filter: { kinds: ['SUPPLY'] }, groupBy: 'STAGE' }],
    ['pipelineReport, country IT, by stage', PIPELINE, { filter: { country: 'IT' }, groupBy: 'STAGE' }],
    ['pipelineReport, country DE, by stage', PIPELINE, { filter: { country: 'DE' }, groupBy: 'STAGE' }],
    ['pipelineReport, region Sachsen, by topic', PIPELINE, { filter: { region: 'Sachsen' }, groupBy: 'TOPIC' }],
    ['pipelineReport, period 2015-2020, by stage', PIPELINE, { filter: { from: '2015-01-01', to: '2020-12-31' }, groupBy: 'STAGE' }],
    ['pipelineReport, period 2015-03-15 to 2020-10-10, by owner', PIPELINE, { filter: { from: '2015-03-15', to: '2020-10-10' }, groupBy: 'OWNER' }],
    ['pipelineReport, by owner', PIPELINE, { groupBy: 'OWNER' }],
    ['pipelineReport, by country', PIPELINE, { groupBy: 'COUNTRY' }],
    ['pipelineReport, topic hydrogen, by owner', PIPELINE, { filter: { topic: 'hydrogen' }, groupBy: 'OWNER' }],
    ['pipelineReport, owner with most leads, by kind', PIPELINE, { filter: { ownerId: owner.id }, groupBy: 'KIND' }],
    ['pipelineReport, team, by owner', PIPELINE, { filter: { teamId: team.id }, groupBy: 'OWNER' }],
    ['pipelineReport, kind SUPPLY and country IT, by country', PIPELINE, { filter: { kinds: ['SUPPLY'], country: 'IT' }, groupBy: 'COUNTRY' }],
    ['pipelineReport, period 2024 and region Sachsen, by topic', PIPELINE, { filter: { from: '2024-01-01', to: '2024-12-31', region: 'Sachsen' }, groupBy: 'TOPIC' }],
    ['pipelineReport, period 2015-2020 and country DE, by stage', PIPELINE, { filter: { from: '2015-01-01', to: '2020-12-31', country: 'DE' }, groupBy: 'STAGE' }],
    ['pipelineReport, team and kind SUPPLY, by stage', PIPELINE, { filter: { teamId: team.id, kinds: ['SUPPLY'] }, groupBy: 'STAGE' }],
    ['pipelineReport, topic hydrogen and region Sachsen, by country', PIPELINE, { filter: { topic: 'hydrogen', region: 'Sachsen' }, groupBy: 'COUNTRY' }],
    [`pipelineReport, large trip, asOf ${asOf}, by stage`, PIPELINE, { filter: { tripId: trip.id, asOf }, groupBy: 'STAGE' }],
    ['pipelineReport, asOf 2022-12-31, by stage', PIPELINE, { filter: { asOf: '2022-12-31' }, groupBy: 'STAGE' }],
    ['tripReport, large trip', TRIP, { tripId: trip.id }],
    [`tripReport, large trip, asOf ${asOf}`, TRIP, { tripId: trip.id, asOf }],
  ];

  // BENCH_CASES=period,trip: only the cases whose label contains one of those words.
  const only = process.env.BENCH_CASES?.split(',');
  if (only) cases.splice(0, cases.length, ...cases.filter(([label]) => only.some((word) => label.includes(word))));

  const app = await startApp();
  try {
    const tokens = { ADMIN: await login(ADMIN), STAFF: await login(STAFF) };
    console.log(`| Query | ADMIN median | ADMIN p95 | STAFF median | STAFF p95 |`);
    console.log(`|---|---:|---:|---:|---:|`);
    for (const [label, query, variables] of cases) {
      const admin = await time(query, variables, tokens.ADMIN);
      const staff = await time(query, variables, tokens.STAFF);
      const f = (ms) => `${ms.toFixed(0)} ms`;
      console.log(`| ${label} | ${f(admin.median)} | ${f(admin.p95)} | ${f(staff.median)} | ${f(staff.p95)} |`);
      const report = admin.data.pipelineReport ?? admin.data.tripReport;
      const summary = report.totalLeads !== undefined
        ? `${report.totalLeads} leads` : `${report.meetings.total} meetings, ${report.leads.opened} leads, ${report.peopleMet} people met`;
      if (process.env.BENCH_VERBOSE === '1') console.log(`    admin sees ${summary}`);
    }
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => app.once('exit', r));
  }

  console.log('\nEXPLAIN (ANALYZE, BUFFERS), as the admin (no confidentiality condition), key lines:');
  const explained = [
    ['pipelineReport, no filter, by stage', (s) => s.pipeline({ filter: {}, groupBy: 'STAGE' })],
    ['pipelineReport, by country', (s) => s.pipeline({ filter: {}, groupBy: 'COUNTRY' })],
    ['pipelineReport, period 2024, by stage', (s) => s.pipeline({ filter: { from: '2024-01-01', to: '2024-12-31' }, groupBy: 'STAGE' })],
    ['pipelineReport, country DE, by stage', (s) => s.pipeline({ filter: { country: 'DE' }, groupBy: 'STAGE' })],
    ['pipelineReport, team, by owner', (s) => s.pipeline({ filter: { teamId: team.id }, groupBy: 'OWNER' })],
    ['pipelineReport, period 2015-2020 and country DE, by stage', (s) =>
      s.pipeline({ filter: { from: '2015-01-01', to: '2020-12-31', country: 'DE' }, groupBy: 'STAGE' })],
    ['tripReport, large trip', (s) => s.trip({ tripId: trip.id })],
    [`tripReport, large trip, asOf ${asOf}`, (s) => s.trip({ tripId: trip.id, asOf })],
  ];
  for (const [label, run] of explained) {
    const statements = await captureStatements(db, run);
    console.log(`\n## ${label}`);
    for (const { label: method, sql, params } of statements) {
      if (/^EXPLAIN/.test(sql)) {
        console.log(`-- ${method}: the planner's estimate, no rows read`);
        continue;
      }
      const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      console.log(`-- ${method}`);
      for (const line of keyLines(rows)) console.log(`   ${line}`);
    }
  }
  await db.end();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
