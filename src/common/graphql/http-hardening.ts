import cors from 'cors';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

export interface HttpHardeningOptions {
  production: boolean;
  /** Exact origins (`https://crm.example.org`) whose browser pages may call the API. */
  corsOrigins: readonly string[];
}

/**
 * Security headers for an API that answers JSON: nothing may be framed,
 * embedded or loaded from it. The one HTML page, GraphiQL in development,
 * loads React and GraphiQL from a CDN with an inline script, so it goes
 * without a Content-Security-Policy; production serves no page at all.
 */
export function securityHeaders({ production }: HttpHardeningOptions): RequestHandler {
  const api = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
  });
  if (production) return api;
  const graphiql = helmet({ contentSecurityPolicy: false });
  return (req: Request, res: Response, next: NextFunction) => {
    const wantsPage = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
    return (wantsPage ? graphiql : api)(req, res, next);
  };
}

/**
 * CORS for the configured origins only; other origins (and every origin when
 * none is configured) get no CORS headers, so browsers keep them same-origin.
 * Tokens travel in the Authorization header, never in cookies: no credentials.
 */
export function corsPolicy({ corsOrigins }: HttpHardeningOptions): RequestHandler {
  const allowed = new Set(corsOrigins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    maxAge: 600,
  });
}
