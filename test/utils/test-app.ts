import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { DATABASE_LOGGER, DATABASE_TARGET } from '../../src/database/database.module';
import { openTestDatabase, TestDatabase } from './test-database';
import { QueryCounter } from './query-counter';

export const ADMIN_EMAIL = 'admin@wfs.test';
export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions: { code: string; field?: string; [k: string]: unknown } }[];
  body: any;
}

export interface TestApp {
  app: INestApplication;
  url: string;
  config: AppConfig;
  db: TestDatabase;
  dataSource: DataSource;
  queries: QueryCounter;
  adminToken: string;
  /** POSTs a GraphQL document, with a bearer token when given. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  /** Like gql, with the admin's token. */
  asAdmin<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  login(email: string, password: string): Promise<string>;
  /** Creates a user with the given role and returns its token. */
  userToken(role: 'ADMIN' | 'STAFF' | 'VIEWER', email?: string): Promise<string>;
  close(): Promise<void>;
}

/** Boots the whole Nest app on its own migrated database, listening on a free port. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await openTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    LIAISON_ADMIN_EMAIL: ADMIN_EMAIL,
    LIAISON_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    // Tests run the digest themselves; a production-mode test app must not start the timer.
    DIGEST_ENABLED: 'false',
    ...env,
  });
  const queries = new QueryCounter();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(DATABASE_TARGET)
    .useValue(db.target)
    .overrideProvider(DATABASE_LOGGER)
    .useValue(queries)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  // Idle keep-alive connections stay 65 s (AppModule), so a client whose process was blocked for seconds
  // (seeding PGlite runs in this very process) never reuses a socket the server is closing.
  await app.listen(0, '127.0.0.1');
  const url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}`;

  const gql = async (query: string, variables?: Record<string, unknown>, token?: string | null) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body: any = await response.json();
    return { status: response.status, data: body.data, errors: body.errors, body };
  };
  const login = async (email: string, password: string) => {
    const res = await gql(`mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`, {
      email,
      password,
    });
    if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
    return res.data.login.token as string;
  };
  const adminToken = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
  let users = 0;
  return {
    app,
    url,
    config,
    db,
    dataSource: app.get(DataSource),
    queries,
    adminToken,
    gql,
    asAdmin: (query, variables) => gql(query, variables, adminToken),
    login,
    async userToken(role, email = `${role.toLowerCase()}-${++users}@wfs.test`) {
      const password = 'a-long-enough-password';
      const res = await gql(
        `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
        { input: { email, displayName: `Test ${role}`, password, role } },
        adminToken,
      );
      if (!res.data?.createUser) throw new Error(`createUser failed: ${JSON.stringify(res.errors)}`);
      return login(email, password);
    },
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}
