import { get as httpGet, IncomingHttpHeaders } from 'node:http';
import { serverAudits } from 'graphql-http';
import { accountDelaySeconds, addressKey, LoginThrottleService, throttleKeys } from '../../src/auth/login-throttle.service';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, TestApp } from '../utils/test-app';

const ALLOWED_ORIGIN = 'https://crm.wfs.example';

/** The lead dashboard of the README: four relation levels below the connection. */
const LEAD_DASHBOARD = `query {
  leads(first: 50, filter: { open: true }, orderBy: { field: NEXT_STEP_DATE, direction: ASC }) {
    totalCount
    edges { node { title kind stage estimatedValue potentialJobs nextStep nextStepDate
      owner { displayName } organisations { side organisation { name country } }
      contacts { givenName familyName } origin { meeting { title trip { name } } }
      nextTask { title dueDate isOverdue } } }
  }
}`;

interface RawResponse {
  status: number;
  headers: Headers;
  body: any;
}

async function post(
  t: TestApp,
  query: string,
  { variables, headers = {}, token }: { variables?: Record<string, unknown>; headers?: Record<string, string>; token?: string } = {},
): Promise<RawResponse> {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

describe('Hardened GraphQL surface', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: `${ALLOWED_ORIGIN}, https://other.wfs.example`, TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  /** Sends an operation as the admin and returns the response with the SQL statements it caused. */
  async function withSql(query: string, variables?: Record<string, unknown>) {
    const { result, statements } = await t.queries.count(() => post(t, query, { variables, token: t.adminToken }));
    return { ...result, statements };
  }

  describe('query limits, checked before any SQL runs', () => {
    it('refuses a document nested deeper than GRAPHQL_MAX_DEPTH (12)', async () => {
      const parents = 'parent { '.repeat(9);
      const res = await withSql(`{ organisations { edges { node { ${parents} id ${'} '.repeat(9)} } } } }`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.body.errors[0].message).toBe('Query depth limit of 12 exceeded, found 13.');
      expect(res.statements).toEqual([]);
    });

    it('counts depth through fragments', async () => {
      const res = await withSql(
        `query { organisations { edges { node { ...Up } } } }
         fragment Up on Organisation { parent { parent { parent { ...Higher } } } }
         fragment Higher on Organisation { parent { parent { parent { parent { parent { parent { id } } } } } } }`,
      );
      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toMatch(/^Query depth limit of 12 exceeded/);
      expect(res.statements).toEqual([]);
    });

    it('refuses more aliases than GRAPHQL_MAX_ALIASES (15)', async () => {
      const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ');
      const res = await withSql(`{ ${aliases} }`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({
        message: 'Aliases limit of 15 exceeded, found 16.',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
      expect(res.statements).toEqual([]);
    });

    it('refuses a document with more tokens than GRAPHQL_MAX_TOKENS (2000) while parsing', async () => {
      const res = await withSql(`{ me { ${'id '.repeat(2000)}} }`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(res.body.errors[0].message).toMatch(/contains more tha[nt] 2000 tokens/);
      expect(res.statements).toEqual([]);
    });

    it('refuses an operation whose cost exceeds GRAPHQL_MAX_COST (10000); a connection multiplies by first', async () => {
      const res = await withSql(
        `{ organisations(first: 100) { edges { node { timeline(first: 100) { edges { node { __typename } } } } } } }`,
      );
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', cost: 30301, maxCost: 10000 });
      expect(res.body.errors[0].message).toMatch(/^Query cost 30301 exceeds the limit of 10000/);
      expect(res.statements).toEqual([]);
      // Aliasing a cheap connection many times adds up too.
      const copies = Array.from({ length: 15 }, (_, i) => `p${i}: people(first: 100) { edges { node { id title background version tags } } }`);
      const aliased = await withSql(`{ ${copies.join(' ')} }`);
      expect(aliased.status).toBe(400);
      expect(aliased.body.errors[0].extensions.cost).toBe(15 * (1 + 100 * 7));
      expect(aliased.statements).toEqual([]);
    });

    it('refuses a page size over 100 or under 1, literal or variable, anywhere in the document', async () => {
      const cases: [string, Record<string, unknown>?][] = [
        [`{ organisations(first: 101) { totalCount } }`],
        [`query ($n: Int!) { people(first: $n) { totalCount } }`, { n: 1000 }],
        [`query ($n: Int) { tags(first: $n) { tag } }`, { n: 101 }],
        [`{ organisations(first: 1) { edges { node { ...Page } } } } fragment Page on Organisation { timeline(first: 500) { totalCount } }`],
      ];
      for (const [query, variables] of cases) {
        const res = await withSql(query, variables);
        expect({ query, status: res.status, errors: res.body.errors, statements: res.statements }).toMatchObject({
          query,
          status: 400,
          errors: [{ message: 'first must not be greater than 100', extensions: { code: 'BAD_USER_INPUT', field: 'first' } }],
          statements: [],
        });
      }
      const zero = await withSql(`{ leads(first: 0) { totalCount } }`);
      expect(zero.status).toBe(400);
      expect(zero.body.errors[0]).toMatchObject({ message: 'first must not be less than 1', extensions: { field: 'first' } });
      expect(zero.statements).toEqual([]);
    });

    it('refuses fragments that expand into too many fields, with a 400', async () => {
      const levels = Array.from(
        { length: 8 },
        (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} ...F${i} ...F${i} ...F${i} }`,
      ).join('\n');
      const res = await withSql(`query { ...F8 }\nfragment F0 on Query { me { id } }\n${levels}`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toMatch(/too large/);
      expect(res.statements).toEqual([]);
    });

    it('keeps a syntax error a 400 with the guards on', async () => {
      const res = await withSql(`{ organisations( `);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(res.statements).toEqual([]);
    });

    it('lets realistic queries through: the README lead dashboard and a full page of organisations', async () => {
      const dashboard = await post(t, LEAD_DASHBOARD, { token: t.adminToken });
      expect(dashboard.status).toBe(200);
      expect(dashboard.body.errors).toBeUndefined();
      expect(dashboard.body.data.leads.totalCount).toBe(0);
      const page = await post(
        t,
        `{ organisations(first: 100) { totalCount pageInfo { hasNextPage endCursor }
           edges { cursor node { id name kind country city sectors tags parent { name } children { name }
             affiliations { person { givenName familyName } } memberships { network { name } }
             timeline(first: 5) { edges { node { __typename } } } } } } }`,
        { token: t.adminToken },
      );
      expect(page.status).toBe(200);
      expect(page.body.errors).toBeUndefined();
    });
  });

  describe('login throttling', () => {
    const from = (address: string) => ({ 'x-forwarded-for': address });

    async function loginFrom(address: string, email: string, password: string) {
      return post(t, LOGIN, { variables: { email, password }, headers: from(address) });
    }

    const attemptsOf = async (key: string): Promise<number> =>
      (await t.dataSource.query(`SELECT cardinality(attempted_at) AS n FROM login_throttle WHERE key = $1`, [key]))[0]?.n ?? 0;

    it('allows 10 failed logins per minute per account from one address, whatever the letter case; then answers 429 there, even for the right password', async () => {
      const email = await createUser('throttled.account@wfs.test');
      for (let i = 0; i < 10; i += 1) {
        const res = await loginFrom('198.51.100.1', i % 2 ? email.toUpperCase() : email, 'wrong-password-123');
        expect(res.body.errors[0]).toMatchObject({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } });
      }
      const blocked = await loginFrom('198.51.100.1', email, 'a-long-enough-password');
      expect(blocked.status).toBe(429);
      expect(blocked.body.data).toBeNull();
      expect(blocked.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(blocked.body.errors[0].message).toMatch(/^Too many login attempts: try again in \d+ seconds$/);
      const wait = blocked.body.errors[0].extensions.retryAfterSeconds;
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(60);
      expect(blocked.headers.get('retry-after')).toBe(String(wait));
      // Other accounts from the same address, and the same account from another address, are not refused.
      expect((await loginFrom('198.51.100.1', ADMIN_EMAIL, ADMIN_PASSWORD)).body.data.login.token).toBeTruthy();
      const elsewhere = await loginFrom('198.51.100.2', email, 'a-long-enough-password');
      expect(elsewhere.status).toBe(200);
      expect(elsewhere.body.data.login.token).toBeTruthy();
    });

    it('allows 30 failed logins per minute per client address, whatever the accounts', async () => {
      for (let i = 0; i < 30; i += 1) {
        const res = await loginFrom('203.0.113.7', `nobody-${i % 5}@wfs.test`, 'wrong-password-123');
        expect(res.body.errors[0].message).toBe('Invalid email or password');
      }
      const blocked = await loginFrom('203.0.113.7', ADMIN_EMAIL, ADMIN_PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.body.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
      // The same accounts from another address are fine.
      expect((await loginFrom('203.0.113.8', ADMIN_EMAIL, ADMIN_PASSWORD)).body.data.login.token).toBeTruthy();
    });

    it('never refuses an account for wrong passwords from many addresses: it slows every attempt on it, and the right password gets in', async () => {
      // An admin, as a stranger would pick: before, ten wrong tries from anywhere locked it out for everyone.
      const email = await createUser('second.admin@wfs.test', 'ADMIN');
      const timed = async (address: string, password: string) => {
        const started = Date.now();
        const res = await loginFrom(address, email, password);
        return { res, ms: Date.now() - started };
      };
      for (let i = 0; i < 10; i += 1) {
        const { res } = await timed(`198.18.0.${i + 1}`, 'wrong-password-123');
        expect(res.status).toBe(200);
        expect(res.body.errors[0].message).toBe('Invalid email or password');
      }
      // Past 10 failures in 15 minutes: 1 s, then 2 s before the password is checked.
      const eleventh = await timed('198.18.0.11', 'wrong-password-123');
      expect(eleventh.res.body.errors[0].message).toBe('Invalid email or password');
      expect(eleventh.ms).toBeGreaterThanOrEqual(1000);
      const twelfth = await timed('198.18.0.12', 'wrong-password-123');
      expect(twelfth.ms).toBeGreaterThanOrEqual(2000);
      // The owner, from their own address, waits 4 s and is let in.
      const owner = await timed('198.18.1.1', 'a-long-enough-password');
      expect(owner.res.status).toBe(200);
      expect(owner.res.body.errors).toBeUndefined();
      expect(owner.res.body.data.login.token).toBeTruthy();
      expect(owner.ms).toBeGreaterThanOrEqual(4000);
      // Their success is not counted; the stranger's twelve are.
      expect(await attemptsOf(throttleKeys(email, '198.18.1.1').account)).toBe(12);
    });

    it('slows an account twice as long with each failure past 10, up to LOGIN_DELAY_MAX_SECONDS', () => {
      expect([1, 9, 10, 11, 12, 13, 14, 15, 16, 17, 40].map((n) => accountDelaySeconds(n, 30))).toEqual([0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30]);
      expect(accountDelaySeconds(14, 5)).toBe(5);
    });

    it('counts every try of an aliased batch of login fields', async () => {
      const email = await createUser('batched.account@wfs.test');
      const pair = throttleKeys(email, '192.0.2.44').pair;
      const batch = (password: (i: number) => string) => {
        const tries = Array.from({ length: 12 }, (_, i) => `t${i}: login(email: "${email}", password: "${password(i)}") { token }`);
        return post(t, `mutation { ${tries.join(' ')} }`, { headers: from('192.0.2.44') });
      };

      // Mutation fields run one after another and login is non-null, so the first failed try ends the batch.
      const guesses = await batch((i) => `guess-number-${i}`);
      expect(guesses.body).toMatchObject({ data: null, errors: [{ message: 'Invalid email or password', path: ['t0'] }] });
      expect(await attemptsOf(pair)).toBe(1);
      // Twelve right tries: each ran and was counted, then forgiven.
      const right = await batch(() => 'a-long-enough-password');
      expect(Object.keys(right.body.data)).toHaveLength(12);
      expect(await attemptsOf(pair)).toBe(1);
      for (let i = 0; i < 9; i += 1) await loginFrom('192.0.2.44', email, 'wrong-password-123');
      expect(await attemptsOf(pair)).toBe(10);
      const blocked = await batch(() => 'a-long-enough-password');
      expect(blocked.status).toBe(429);
      expect(blocked.body.errors[0].message).toMatch(/^Too many login attempts/);
      expect(await attemptsOf(pair)).toBe(10);
    });

    it('lets exactly the allowed number through when attempts arrive in parallel', async () => {
      const throttle = t.app.get(LoginThrottleService);
      const settle = async (attempts: Promise<unknown>[]) => {
        const outcomes = await Promise.allSettled(attempts);
        const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        for (const { reason } of refused) expect(reason.details.retryAfterSeconds).toBeGreaterThan(0);
        return [outcomes.length - refused.length, refused.length];
      };
      // One account from one address: 10 of 16.
      expect(await settle(Array.from({ length: 16 }, () => throttle.begin('parallel@wfs.test', '192.0.2.200')))).toEqual([10, 6]);
      // One address, many accounts (3 tries each, under their pair limit): 30 of 40.
      expect(await settle(Array.from({ length: 40 }, (_, i) => throttle.begin(`parallel-${i % 14}@wfs.test`, '192.0.2.201')))).toEqual([30, 10]);
    });

    it('does not count successful logins, so an office behind one address can sign in', async () => {
      for (let i = 0; i < 15; i += 1) {
        const res = await loginFrom('192.0.2.99', ADMIN_EMAIL, ADMIN_PASSWORD);
        expect(res.body.data.login.token).toBeTruthy();
      }
    });

    it('keeps the count in the database for every app instance, in a sliding minute', async () => {
      const email = await createUser('sliding.window@wfs.test');
      const pair = throttleKeys(email, '192.0.2.150').pair;
      for (let i = 0; i < 10; i += 1) await loginFrom('192.0.2.150', email, 'wrong-password-123');
      expect(await attemptsOf(pair)).toBe(10);
      expect((await loginFrom('192.0.2.150', email, 'a-long-enough-password')).status).toBe(429);
      // Six of the attempts were over a minute ago: four remain in the window.
      await t.dataSource.query(
        `UPDATE login_throttle SET attempted_at = ARRAY(
           SELECT CASE WHEN n <= 6 THEN a - interval '61 seconds' ELSE a END FROM unnest(attempted_at) WITH ORDINALITY AS u(a, n) ORDER BY n)
         WHERE key = $1`,
        [pair],
      );
      const again = await loginFrom('192.0.2.150', email, 'a-long-enough-password');
      expect(again.status).toBe(200);
      expect(again.body.data.login.token).toBeTruthy();
    });

    it('counts IPv4-mapped addresses as IPv4 and IPv6 addresses by their /64', () => {
      expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
      expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
      expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
      expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
      expect(addressKey('2001:db8::7')).toBe('2001:db8:0:0::/64');
      expect(addressKey('::1')).toBe('0:0:0:0::/64');
      expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    });

    async function createUser(email: string, role = 'STAFF'): Promise<string> {
      const res = await post(
        t,
        `mutation ($input: CreateUserInput!) { createUser(input: $input) { email } }`,
        { variables: { input: { email, displayName: email, password: 'a-long-enough-password', role } }, token: t.adminToken },
      );
      expect(res.body.errors).toBeUndefined();
      return email;
    }
  });

  describe('HTTP', () => {
    it('sends helmet security headers and no X-Powered-By', async () => {
      const res = await post(t, `{ __typename }`);
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('x-powered-by')).toBeNull();
      const health = await fetch(`${t.url}/health`);
      expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('keeps idle connections 65 s, longer than a proxy (60 s) or a client, so the client is the one that closes them', async () => {
      const headers = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
        httpGet(`${t.url}/health/live`, (res) => {
          res.resume();
          resolve(res.headers);
        }).on('error', reject);
      });
      expect(headers.connection).toBe('keep-alive');
      expect(headers['keep-alive']).toBe('timeout=65');
    });

    it('serves GraphiQL outside production without a CSP, so its CDN scripts load', async () => {
      const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('GraphiQL');
      expect(res.headers.get('content-security-policy')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('answers CORS for the configured origins only', async () => {
      const preflight = (origin: string) =>
        fetch(`${t.url}/graphql`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
        });
      const allowed = await preflight(ALLOWED_ORIGIN);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(allowed.headers.get('access-control-allow-methods')).toBe('GET,POST');
      expect(allowed.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
      const refused = await preflight('https://evil.example');
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(refused.headers.get('access-control-allow-methods')).toBeNull();

      const call = (origin: string) => post(t, `{ __typename }`, { headers: { origin } });
      expect((await call('https://other.wfs.example')).headers.get('access-control-allow-origin')).toBe('https://other.wfs.example');
      expect((await call('https://crm.wfs.example.evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    });

    it('blocks requests a browser could send cross-site without a preflight (Apollo CSRF prevention)', async () => {
      const get = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
      expect(get.status).toBe(400);
      expect(await get.text()).toMatch(/Cross-Site Request Forgery/);
      const form = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(form.status).toBe(400);
      expect(await form.text()).toMatch(/Cross-Site Request Forgery/);
      const withHeader = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect(withHeader.status).toBe(200);
      expect(await withHeader.json()).toEqual({ data: { __typename: 'Query' } });
    });

    it('passes every MUST audit of the GraphQL-over-HTTP spec with the guards on', async () => {
      const fetchFn = (input: string | URL | Request, init: RequestInit = {}) => {
        const headers = new Headers(init.headers);
        headers.set('authorization', `Bearer ${t.adminToken}`);
        return fetch(input, { ...init, headers });
      };
      const must = serverAudits({ url: `${t.url}/graphql`, fetchFn }).filter((audit) => audit.name.startsWith('MUST'));
      expect(must.length).toBeGreaterThanOrEqual(10);
      const failures: string[] = [];
      for (const audit of must) {
        const result = await audit.fn();
        if (result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
      }
      expect(failures).toEqual([]);
    });
  });
});

describe('Hardened GraphQL surface in production', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ NODE_ENV: 'production' });
  });
  afterAll(() => t.close());

  it('leaks no schema names through suggestions, in validation or in variables', async () => {
    // Each typo, and the real name graphql-js would suggest for it.
    const cases: [string, Record<string, unknown> | undefined, string][] = [
      [`{ organisatio { totalCount } }`, undefined, 'organisation'],
      [`{ organisations(frist: 10) { totalCount } }`, undefined, 'first'],
      [`{ organisations { totalCont } }`, undefined, 'totalCount'],
      [`query ($f: OrganisationFilte) { organisations(filter: $f) { totalCount } }`, undefined, 'OrganisationFilter'],
      [`{ leads(filter: { stages: [QUALIFIE] }) { totalCount } }`, undefined, 'QUALIFIED'],
      [`query ($f: LeadFilter) { leads(filter: $f) { totalCount } }`, { f: { stages: ['QUALIFIE'] } }, 'QUALIFIED'],
      [`query ($f: LeadFilter) { leads(filter: $f) { totalCount } }`, { f: { stage: ['OPEN'] } }, 'stages'],
    ];
    for (const [query, variables, suggestion] of cases) {
      const res = await post(t, query, { variables, token: t.adminToken });
      const messages: string = res.body.errors.map((error: any) => error.message).join(' | ');
      expect({ query, status: res.status, suggested: /did you mean/i.test(messages) || messages.includes(`"${suggestion}"`) }).toEqual({
        query,
        status: 400,
        suggested: false,
      });
      expect(JSON.stringify(res.body)).not.toContain('stacktrace');
    }
  });

  it('has the same limits, refuses introspection, and sends no CORS headers when no origin is configured', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ');
    const res = await post(t, `{ ${aliases} }`, { token: t.adminToken, headers: { origin: 'https://crm.wfs.example' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toBe('Aliases limit of 15 exceeded, found 16.');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const introspection = await post(t, `{ __schema { queryType { name } } }`, { token: t.adminToken });
    expect(introspection.status).toBe(400);
    expect(introspection.body.errors[0].message).toMatch(/introspection/i);
  });

  it('serves no page on GET /graphql, and a strict CSP', async () => {
    const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect((await res.text()).toLowerCase()).not.toContain('<html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
