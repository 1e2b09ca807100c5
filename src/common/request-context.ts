import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/**
 * The HTTP request a piece of code runs for, without passing it down: the
 * access policy reads the viewer from here, the audit trail the acting user
 * when a transaction starts. Installed for every route by the app module.
 * Code outside a request (seed, CLI, scheduled jobs) sees no request, and so
 * reads as ANONYMOUS unless it says otherwise (asViewer, asSystem).
 */
const storage = new AsyncLocalStorage<{ req: Request }>();

export function requestContextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  storage.run({ req }, next);
}

export function currentRequest(): Request | undefined {
  return storage.getStore()?.req;
}
