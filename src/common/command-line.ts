import { DynamicModule, INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '../config/app-config';
import { DataDirLockedError } from '../database/data-dir-lock';
import { LiaisonException } from './errors/liaison.exception';

/** A command-line tool was called wrongly (a missing argument): its message is the whole answer. */
export class UsageError extends Error {}

/** Errors that a person at the terminal fixes from the message alone: shown as that one line, without a stack. */
export function isOneLineError(error: unknown): error is Error {
  return (
    error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof UsageError || error instanceof LiaisonException
  );
}

/** Ends a command-line process (the server, the seed, a CLI) that could not do its work. */
export function exitWithError(error: unknown): never {
  const text = isOneLineError(error) ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${text}\n`);
  process.exit(1);
}

/**
 * Options for building a Nest app in a command-line process: logs wait in a
 * buffer until the app exists (`flushLogs`), and a failed start is handed
 * back to the caller instead of Nest printing it with a stack and exiting.
 */
export const QUIET_START = { bufferLogs: true, autoFlushLogs: false, abortOnError: false } as const;

/** What to do when building the app failed: one line for the user's errors, Nest's own report (with the stack) for the rest. */
export function failedStart(error: unknown): never {
  if (isOneLineError(error)) exitWithError(error);
  Logger.flush();
  process.exit(1);
}

/** A Nest application context for a command-line tool: warnings and errors only, on stderr. */
export async function openCommandContext(root: DynamicModule): Promise<INestApplicationContext> {
  const context = await NestFactory.createApplicationContext(root, { ...QUIET_START, logger: ['warn', 'error'] }).catch(failedStart);
  context.flushLogs();
  return context;
}
