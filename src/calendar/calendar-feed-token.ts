import { randomHex } from '../auth/secrets';

/** `lcf_<64 hex>`: 256 random bits, so the SHA-256 of it is enough to find and prove the feed. */
const FEED_TOKEN = /^lcf_[0-9a-f]{64}$/;

export function newFeedToken(): string {
  return `lcf_${randomHex(32)}`;
}

export function isFeedToken(token: string): boolean {
  return FEED_TOKEN.test(token);
}

/** Where a feed is served, below the app's base URL. */
export function feedPath(token: string): string {
  return `/calendar/${token}.ics`;
}

/** A request URL with a feed's token replaced: the URL is the credential. */
export function withoutFeedToken(url: string): string {
  return url.replace(/^\/calendar\/[^/?#]+/, '/calendar/[secret]');
}

/**
 * pino-http's serialized request, for the log line of a feed's URL: the token
 * neither in the URL nor in the route parameters (which, by the time the
 * line is written, may be any middleware's, such as `splat`).
 */
export function withoutFeedTokenInLog<R extends { url?: string; params?: unknown }>(req: R): R {
  if (req.url === undefined || withoutFeedToken(req.url) === req.url) return req;
  return { ...req, url: withoutFeedToken(req.url), params: '[secret]' };
}
