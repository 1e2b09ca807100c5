import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

export const BUILT = {
  seed: join(__dirname, '../../dist/src/seed/seed-demo.js'),
  admin: join(__dirname, '../../dist/src/auth/admin-command.js'),
  main: join(__dirname, '../../dist/src/main.js'),
  /** The TypeORM CLI as `npm run typeorm` runs it. */
  typeorm: join(__dirname, '../../node_modules/typeorm/cli.js'),
  cliDataSource: join(__dirname, '../../dist/src/database/cli-data-source.js'),
};

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a built script with `node` and only the given environment (and PATH), to its end. */
export async function runScript(script: string, args: string[], env: Record<string, string>, timeoutMs = 240000): Promise<ScriptResult> {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd: join(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  // 'close', not 'exit': on a busy machine the last output can arrive after the process has exited.
  const [code] = await once(child, 'close');
  clearTimeout(timer);
  return { code: code as number | null, stdout, stderr };
}
