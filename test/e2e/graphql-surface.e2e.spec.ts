import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRAPHQL_SDL_FILE_HEADER, GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { serverAudits } from 'graphql-http';
import { createTestApp, TestApp } from '../utils/test-app';

const SCHEMA_FILE = join(__dirname, '../../schema.gql');

describe('GraphQL surface', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches the committed schema.gql (run `npm run schema:generate` after changing the API)', () => {
    const generated = GRAPHQL_SDL_FILE_HEADER + printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema));
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generated);
  });

  it('passes every MUST audit of the GraphQL-over-HTTP spec (graphql-http)', async () => {
    const fetchFn = (input: string | URL | Request, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${t.adminToken}`);
      return fetch(input, { ...init, headers });
    };
    const audits = serverAudits({ url: `${t.url}/graphql`, fetchFn });
    const must = audits.filter((audit) => audit.name.startsWith('MUST'));
    expect(must.length).toBeGreaterThanOrEqual(10);
    const failures: string[] = [];
    for (const audit of must) {
      const result = await audit.fn();
      if (result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers a syntax error with 400 and a GraphQL error, not a 500', async () => {
    const res = await t.asAdmin(`{ organisations( `);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('GraphQL surface in production', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ NODE_ENV: 'production' });
  });
  afterAll(() => t.close());

  it('refuses introspection', async () => {
    const res = await t.asAdmin(`{ __schema { types { name } } }`);
    expect(res.errors?.[0].message).toMatch(/introspection/i);
    expect(res.data).toBeUndefined();
  });

  it('serves no landing page', async () => {
    const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    const text = await res.text();
    expect(text.toLowerCase()).not.toContain('<html');
  });

  it('sends no stack traces and no field suggestions', async () => {
    const notFound = await t.asAdmin(`{ organisation(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(notFound.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', field: 'id' });
    const typo = await t.asAdmin(`{ organisatio(id: "x") { id } }`);
    expect(typo.errors?.[0].message).not.toMatch(/did you mean/i);
    expect(JSON.stringify(typo.body)).not.toContain('stacktrace');
  });
});
