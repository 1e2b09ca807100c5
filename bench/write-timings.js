#!/usr/bin/env node
// What the reports' triggers cost a writer (issue 5), on the bench data of
// `node bench/generate-report-data.js`:
//   node bench/write-timings.js [postgres-url] [runs]
// default postgres://postgres@127.0.0.1:5432/liaison_bench, 60 runs. Each run
// is one transaction, rolled back, so the data stays as it was:
// - a stage move as moveLeadStage writes it (the lead's stage and version, and
//   a lead_stage_changes row), with every trigger (audit, stays, facts,
//   ledgers), then the same with triggers off (session_replication_role =
//   replica), the floor;
// - a title edit, which touches nothing the reports count.
// Leads are picked by a fixed stride through the ids, so two runs time the
// same leads. Prints the median, p95 and max of each. Runs only against
// 127.0.0.1/localhost.
const { Client } = require('pg');

const url = process.argv[2] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/liaison_bench';
const RUNS = Number(process.argv[3] ?? 60);
if (!['127.0.0.1', 'localhost'].includes(new URL(url).hostname)) throw new Error('runs only against a local database');

const NEXT = { NEW: 'CONTACTED', CONTACTED: 'QUALIFIED', QUALIFIED: 'NEGOTIATING', NEGOTIATING: 'WON', WON: 'NEW', LOST: 'NEW', ON_HOLD: 'CONTACTED' };
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

async function timed(db, leads, replica, write) {
  const ms = [];
  for (const lead of leads) {
    await db.query('BEGIN');
    if (replica) await db.query(`SET LOCAL session_replication_role = replica`);
    const started = process.hrtime.bigint();
    await write(lead);
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    await db.query('ROLLBACK');
  }
  ms.sort((a, b) => a - b);
  return `median ${quantile(ms, 0.5).toFixed(1)} ms, p95 ${quantile(ms, 0.95).toFixed(1)} ms, max ${ms.at(-1).toFixed(1)} ms`;
}

(async () => {
  const db = new Client({ connectionString: url, application_name: 'liaison-bench-writes', options: '-c jit=off' });
  await db.connect();
  const { rows: leads } = await db.query(
    `SELECT id, stage, owner_id FROM (SELECT id, stage, owner_id, row_number() OVER (ORDER BY id) AS n FROM leads WHERE archived_at IS NULL) l
      WHERE n % 997 = 0 ORDER BY n LIMIT $1`,
    [RUNS],
  );
  const move = async (lead) => {
    await db.query(`UPDATE leads SET stage = $2, version = version + 1, updated_at = now() WHERE id = $1`, [lead.id, NEXT[lead.stage]]);
    await db.query(`INSERT INTO lead_stage_changes (lead_id, from_stage, to_stage, changed_by) VALUES ($1, $2, $3, $4)`, [
      lead.id, lead.stage, NEXT[lead.stage], lead.owner_id,
    ]);
  };
  const retitle = (lead) => db.query(`UPDATE leads SET title = title || ' (bench)', version = version + 1 WHERE id = $1`, [lead.id]);
  // warm the caches once
  await timed(db, leads.slice(0, 10), false, move);
  console.log(`${leads.length} leads, one transaction each, rolled back`);
  console.log(`stage move, all triggers:  ${await timed(db, leads, false, move)}`);
  console.log(`stage move, triggers off:  ${await timed(db, leads, true, move)}`);
  console.log(`title edit, all triggers:  ${await timed(db, leads, false, retitle)}`);
  await db.end();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
