import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse, validate } from 'graphql';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../src/seed/demo-data';
import { createTestApp, TestApp } from '../utils/test-app';

/** Every ```graphql block of the README, in order. */
function readmeExamples(): string[] {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  return [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/**
 * Keeps the README true: every GraphQL example must be valid against the
 * schema, and every example without variables runs without errors against
 * the demo data (as the demo staff user), in the order the README shows them.
 */
describe('README examples', () => {
  let t: TestApp;
  let token: string;
  const examples = readmeExamples();

  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.transaction((db) => seedDemo(db));
    token = await t.login(DEMO_USERS.staff.email, DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it('are all valid against the schema', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const invalid = examples
      .map((source) => ({ source: source.trim().split('\n')[0], errors: validate(schema, parse(source)).map((e) => e.message) }))
      .filter((result) => result.errors.length > 0);
    expect(invalid).toEqual([]);
  });

  it('run without errors against the demo data when they need no variables', async () => {
    const runnable = examples.filter((source) => !source.includes('$') && !source.includes('login('));
    expect(runnable.length).toBeGreaterThanOrEqual(5);
    for (const source of runnable) {
      const res = await t.gql(source, {}, token);
      expect({ source: source.trim().split('\n')[0], errors: res.errors }).toEqual({ source: source.trim().split('\n')[0], errors: undefined });
    }
  });
});
