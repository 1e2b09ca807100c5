import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The built app; LIAISON_TEST_MAIN points the start-up tests at another build (one outside dist/). */
export const MAIN = process.env.LIAISON_TEST_MAIN ?? join(__dirname, '../../dist/src/main.js');

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface SpawnedApp {
  process: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** Milliseconds from spawn until /health/ready answered 200. */
  readyAfterMs: number;
  /** SIGTERM, then waits; true when the app shut down by itself (Nest re-raises the signal after its shutdown hooks). */
  stop(): Promise<boolean>;
}

/** Runs the built app (`node dist/src/main.js`) as `npm start` does, and waits for readiness. */
export async function spawnApp(env: Record<string, string>, timeoutMs = 60000): Promise<SpawnedApp> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}: ${err}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`app not ready after ${timeoutMs} ms: ${out}${err}`);
    }
    const ready = await fetch(`${url}/health/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const readyAfterMs = Date.now() - started;
  return {
    process: child,
    url,
    stdout: () => out,
    stderr: () => err,
    readyAfterMs,
    async stop() {
      // A process that Nest ended by re-raising SIGTERM has a signalCode and no exitCode: it will not emit 'exit' again.
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode === 0 || child.signalCode === 'SIGTERM';
      child.kill('SIGTERM');
      const [code, signal] = await once(child, 'exit');
      return code === 0 || signal === 'SIGTERM';
    },
  };
}

/** Runs the built app expecting it to fail at start; returns its exit code and output. */
export async function spawnAppExpectingFailure(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (chunk) => (err += chunk));
  const [code] = await once(child, 'exit');
  return { code: code as number | null, stderr: err };
}

export async function postGraphQL(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}
