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
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 3000, LIAISON_DATA_DIR: './data', JWT_TTL_SECONDS: 28800 });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.logFormat).toBe('pretty');
    expect(config.schemaFile).toBe('schema.gql');
  });

  it('reads typed values', () => {
    const config = loadConfig({ PORT: '8080', NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32), DATABASE_URL: 'postgres://u@db:5432/liaison' });
    expect(config.PORT).toBe(8080);
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
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
  ])('stops on %j with one line naming %s', (env, variable) => {
    const message = errorOf(env);
    expect(message).toContain(variable);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('never echoes secrets in the message', () => {
    expect(errorOf({ JWT_SECRET: 'tiny-secret' })).not.toContain('tiny-secret');
    expect(errorOf({ LIAISON_ADMIN_PASSWORD: 'pw-123' })).not.toContain('pw-123');
  });
});
