import { feedPath, isFeedToken, newFeedToken, withoutFeedToken, withoutFeedTokenInLog } from './calendar-feed-token';

describe('calendar feed tokens', () => {
  it('are 256 random bits in a recognisable shape, never the same twice', () => {
    const token = newFeedToken();
    expect(token).toMatch(/^lcf_[0-9a-f]{64}$/);
    expect(isFeedToken(token)).toBe(true);
    expect(newFeedToken()).not.toBe(token);
    for (const bad of ['', 'lcf_', `lcf_${'g'.repeat(64)}`, `lsn_${'0'.repeat(64)}`, `lcf_${'0'.repeat(63)}`]) expect(isFeedToken(bad)).toBe(false);
  });

  it('never reach a log line: the URL and the route parameter are masked, other requests left as they are', () => {
    const token = newFeedToken();
    expect(withoutFeedToken(`${feedPath(token)}?x=1`)).toBe('/calendar/[secret]?x=1');
    // By the time pino-http writes the line, params may be a middleware's catch-all rather than the route's.
    const logged = withoutFeedTokenInLog({ id: 'r1', method: 'GET', url: feedPath(token), params: { splat: ['calendar', `${token}.ics`] }, headers: { host: 'x' } });
    expect(JSON.stringify(logged)).not.toContain(token);
    expect(logged).toEqual({ id: 'r1', method: 'GET', url: '/calendar/[secret]', params: '[secret]', headers: { host: 'x' } });
    const graphql = { method: 'POST', url: '/graphql', params: {} };
    expect(withoutFeedTokenInLog(graphql)).toEqual(graphql);
  });
});
