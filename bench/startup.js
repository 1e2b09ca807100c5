#!/usr/bin/env node
// Start-to-ready time and resident memory of the built app (npm run build first):
//   node bench/startup.js pglite      # persisted PGlite data folder (created by a first, unmeasured start)
//   node bench/startup.js postgres    # DATABASE_URL, default postgres://postgres@127.0.0.1:5432/liaison_bench
// Prints one line per run and the median. Runs only against 127.0.0.1.
const { spawn, execSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const mode = process.argv[2] ?? 'pglite';
const runs = Number(process.argv[3] ?? 5);
const main = join(__dirname, '../dist/src/main.js');

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

async function startOnce(env, port) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH, PORT: String(port), LOG_LEVEL: 'warn', LOG_FORMAT: 'json', JWT_SECRET: 'x'.repeat(32), LIAISON_ADMIN_PASSWORD: 'bench-admin-password', ...env }, stdio: 'ignore' });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await new Promise((r) => setTimeout(r, 1000));
  const rss = rssMb(child.pid);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { ms, rss };
}

(async () => {
  let env;
  let cleanup = () => {};
  if (mode === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'liaison-bench-'));
    env = { LIAISON_DATA_DIR: dir };
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  } else {
    const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/liaison_bench';
    const db = new URL(url).pathname.slice(1);
    execSync(`psql "${url.replace(`/${db}`, '/postgres')}" -qc 'DROP DATABASE IF EXISTS ${db}' -c 'CREATE DATABASE ${db}'`);
    env = { DATABASE_URL: url };
  }
  await startOnce(env, 39123); // first start: creates and migrates the database
  const results = [];
  for (let i = 0; i < runs; i += 1) {
    const r = await startOnce(env, 39123);
    results.push(r);
    console.log(`${mode} run ${i + 1}: ready after ${r.ms.toFixed(0)} ms, RSS ${r.rss.toFixed(0)} MB`);
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`${mode} median: ready after ${median(results.map((r) => r.ms)).toFixed(0)} ms, RSS ${median(results.map((r) => r.rss)).toFixed(0)} MB`);
  cleanup();
})();
