import { ConfigError, loadConfig } from './app-config';

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to development on PGlite in ./data, port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 3000, LIAISON_DATA_DIR: './data', JWT_TTL_SECONDS: 900, SESSION_TTL_DAYS: 30 });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.logFormat).toBe('pretty');
    expect(config.schemaFile).toBe('schema.gql');
  });

  it('reads typed values', () => {
    const config = loadConfig({ PORT: '8080', NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32), DATABASE_URL: 'postgres://u@db:5432/liaison', JWT_TTL_SECONDS: '600', SESSION_TTL_DAYS: '7' });
    expect(config.PORT).toBe(8080);
    expect(config).toMatchObject({ JWT_TTL_SECONDS: 600, SESSION_TTL_DAYS: 7 });
    expect(config.logFormat).toBe('json');
    expect(config.schemaFile).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ LIAISON_ADMIN_EMAIL: 'admin' }, 'LIAISON_ADMIN_EMAIL'],
    [{ LIAISON_ADMIN_PASSWORD: 'short' }, 'LIAISON_ADMIN_PASSWORD'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ JWT_TTL_SECONDS: '30' }, 'JWT_TTL_SECONDS'],
    [{ JWT_TTL_SECONDS: '172800' }, 'JWT_TTL_SECONDS'],
    [{ SESSION_TTL_DAYS: '0' }, 'SESSION_TTL_DAYS'],
    [{ SESSION_TTL_DAYS: 'month' }, 'SESSION_TTL_DAYS'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
  ])('stops on %j with one line naming %s', (env, variable) => {
    const message = errorOf(env);
    expect(message).toContain(variable);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('reads the GraphQL limits, login throttling, CORS origins and proxies', () => {
    const config = loadConfig({
      GRAPHQL_MAX_DEPTH: '8',
      GRAPHQL_MAX_COST: '5000',
      LOGIN_ATTEMPTS_PER_MINUTE: '5',
      LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '50',
      LOGIN_DELAY_MAX_SECONDS: '10',
      CORS_ORIGINS: 'https://crm.example.org, http://localhost:5173',
      TRUST_PROXY: '10.0.0.0/8, loopback',
    });
    expect(config.queryLimits).toEqual({ maxDepth: 8, maxAliases: 15, maxTokens: 2000, maxCost: 5000 });
    expect(config.LOGIN_ATTEMPTS_PER_MINUTE).toBe(5);
    expect(config.LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE).toBe(50);
    expect(config.LOGIN_DELAY_MAX_SECONDS).toBe(10);
    expect(config.corsOrigins).toEqual(['https://crm.example.org', 'http://localhost:5173']);
    expect(config.trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    const defaults = loadConfig({});
    expect(defaults.queryLimits).toEqual({ maxDepth: 12, maxAliases: 15, maxTokens: 2000, maxCost: 10000 });
    expect(defaults.LOGIN_ATTEMPTS_PER_MINUTE).toBe(10);
    expect(defaults.LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE).toBe(30);
    expect(defaults.LOGIN_DELAY_MAX_SECONDS).toBe(30);
    expect(defaults.corsOrigins).toEqual([]);
    expect(defaults.trustProxy).toBe(false);
  });

  it.each([
    [{ GRAPHQL_MAX_DEPTH: '1' }, 'GRAPHQL_MAX_DEPTH'],
    [{ GRAPHQL_MAX_ALIASES: '-1' }, 'GRAPHQL_MAX_ALIASES'],
    [{ GRAPHQL_MAX_TOKENS: '10' }, 'GRAPHQL_MAX_TOKENS'],
    [{ GRAPHQL_MAX_COST: 'lots' }, 'GRAPHQL_MAX_COST'],
    [{ LOGIN_ATTEMPTS_PER_MINUTE: '0' }, 'LOGIN_ATTEMPTS_PER_MINUTE'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://crm.example.org/app' }, 'CORS_ORIGINS'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
  ])('stops on the hardening setting %j with one line naming %s', (env, variable) => {
    const message = errorOf(env);
    expect(message).toContain(variable);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('never echoes secrets in the message', () => {
    expect(errorOf({ JWT_SECRET: 'tiny-secret' })).not.toContain('tiny-secret');
    expect(errorOf({ LIAISON_ADMIN_PASSWORD: 'pw-123' })).not.toContain('pw-123');
  });
});
