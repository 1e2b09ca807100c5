import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

const emptyToUndefined = ({ value }: { value: unknown }) =>
  value === '' ? undefined : value;

/**
 * Every environment variable the app reads, validated once at boot.
 * A bad value stops start-up with one line naming the variable.
 */
export class AppConfig {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  /** Folder of the embedded PGlite database, used when DATABASE_URL is unset. */
  @IsString()
  @MinLength(1)
  LIAISON_DATA_DIR = './data';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? 28800 : Number(value)))
  @IsInt()
  @Min(60)
  @Max(60 * 60 * 24 * 30)
  JWT_TTL_SECONDS = 28800;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail()
  LIAISON_ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'must be at least 12 characters' })
  LIAISON_ADMIN_PASSWORD?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  /** Where the app writes schema.gql on start; empty disables writing. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GRAPHQL_SCHEMA_FILE?: string;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get logFormat(): 'json' | 'pretty' {
    return this.LOG_FORMAT ?? (this.NODE_ENV === 'development' ? 'pretty' : 'json');
  }

  get schemaFile(): string | undefined {
    if (this.GRAPHQL_SCHEMA_FILE !== undefined) return this.GRAPHQL_SCHEMA_FILE;
    return this.NODE_ENV === 'development' ? 'schema.gql' : undefined;
  }
}

export class ConfigError extends Error {}

/** Builds the typed config from an environment; throws a one-line message on the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat(
    'DATABASE_URL',
    'JWT_SECRET',
    'LIAISON_ADMIN_EMAIL',
    'LIAISON_ADMIN_PASSWORD',
    'LOG_FORMAT',
    'GRAPHQL_SCHEMA_FILE',
  );
  const picked: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined) picked[key] = value;
  }
  const config = plainToInstance(AppConfig, picked);
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const first = errors[0];
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    const shown = first.property.match(/SECRET|PASSWORD|URL/) ? '' : ` (got "${String(first.value)}")`;
    throw new ConfigError(
      `Invalid configuration: ${first.property} ${reason.replace(`${first.property} `, '')}${shown}`,
    );
  }
  if (config.isProduction && !config.JWT_SECRET) {
    throw new ConfigError('Invalid configuration: JWT_SECRET must be set when NODE_ENV=production');
  }
  return config;
}
