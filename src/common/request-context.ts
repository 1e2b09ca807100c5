import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/**
 * The HTTP request a piece of code runs for, without passing it down: the
 * audit trail reads the acting user from here when a transaction starts.
 * Code outside a request (seed, CLI, scheduled jobs) sees no request.
 */
const storage = new AsyncLocalStorage<{ req: Request }>();

export function requestContextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  storage.run({ req }, next);
}

export function currentRequest(): Request | undefined {
  return storage.getStore()?.req;
}
