import { plainToInstance, Transform } from 'class-transformer';
import { validateCronExpression } from 'cron';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  IsTimeZone,
  validateSync,
  ValidateBy,
} from 'class-validator';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

const emptyToUndefined = ({ value }: { value: unknown }) =>
  value === '' ? undefined : value;

const numberOr = (fallback: number) => ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? fallback : Number(value);

const ORIGIN = String.raw`https?://[^\s/,]+`;
const PROXY = String.raw`(?:loopback|linklocal|uniquelocal|[0-9a-f:.]+(?:/\d{1,3})?)`;

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

  /** Lifetime of an access token; short, because a refresh token renews it. */
  @Transform(({ value }) => (value === undefined || value === '' ? 900 : Number(value)))
  @IsInt()
  @Min(60)
  @Max(60 * 60 * 24)
  JWT_TTL_SECONDS = 900;

  /** Lifetime of a session (its refresh token) from login; then the user logs in again. */
  @Transform(({ value }) => (value === undefined || value === '' ? 30 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(365)
  SESSION_TTL_DAYS = 30;

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

  /** Deepest selection nesting a document may have (leaf fields count as a level). */
  @Transform(numberOr(12))
  @IsInt()
  @Min(2)
  @Max(100)
  GRAPHQL_MAX_DEPTH = 12;

  @Transform(numberOr(15))
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_MAX_ALIASES = 15;

  /** Lexical tokens a document may have; longer documents are refused while parsing. */
  @Transform(numberOr(2000))
  @IsInt()
  @Min(100)
  @Max(100000)
  GRAPHQL_MAX_TOKENS = 2000;

  /** Estimated cost an operation may have: 1 per field, a connection's selection times its `first`. */
  @Transform(numberOr(10000))
  @IsInt()
  @Min(100)
  @Max(10000000)
  GRAPHQL_MAX_COST = 10000;

  /** Failed logins per minute of one account from one client address; then that pair is refused for the rest of the minute. */
  @Transform(numberOr(10))
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_ATTEMPTS_PER_MINUTE = 10;

  /** Failed logins per minute from one client address, whatever the accounts; then the address is refused. */
  @Transform(numberOr(30))
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE = 30;

  /** The longest an attempt on an account under attack waits before its password is checked (the slow-down's cap). */
  @Transform(numberOr(30))
  @IsInt()
  @Min(1)
  @Max(300)
  LOGIN_DELAY_MAX_SECONDS = 30;

  /** Browser origins allowed to call the API (CORS), comma-separated; empty = same-origin only. */
  @Matches(new RegExp(`^$|^${ORIGIN}(\\s*,\\s*${ORIGIN})*$`, 'i'), {
    message: 'must be comma-separated origins such as https://crm.example.org (scheme and host, no path)',
  })
  CORS_ORIGINS = '';

  /**
   * Reverse proxies whose X-Forwarded-For names the client (Express "trust proxy"):
   * a hop count or comma-separated addresses/subnets; empty = the TCP peer is the client.
   */
  @Matches(new RegExp(`^$|^\\d{1,2}$|^${PROXY}(\\s*,\\s*${PROXY})*$`, 'i'), {
    message: 'must be a hop count or comma-separated addresses, subnets, loopback, linklocal or uniquelocal',
  })
  TRUST_PROXY = '';

  /** When the reminder digest is built: a cron expression (5 fields, or 6 with seconds) in DIGEST_TIME_ZONE. */
  @ValidateBy({
    name: 'isCronExpression',
    validator: { validate: (value) => typeof value === 'string' && validateCronExpression(value).valid },
  }, { message: 'must be a cron expression such as "0 6 * * *"' })
  DIGEST_CRON = '0 6 * * *';

  /** The zone of DIGEST_CRON and of "today" for due dates in the digest (IANA name). */
  @IsTimeZone({ message: 'must be an IANA time zone such as Europe/Berlin' })
  DIGEST_TIME_ZONE = 'Europe/Berlin';

  /** Unset: on, except under NODE_ENV=test, where tests start digest runs themselves. */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : value === 'true' ? true : value === 'false' ? false : value))
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  DIGEST_ENABLED: boolean | undefined = undefined;

  /** An open lead with no activity for this many days is listed as stale in its owner's digest. */
  @Transform(numberOr(30))
  @IsInt()
  @Min(1)
  @Max(3650)
  DIGEST_STALE_DAYS = 30;

  get digestEnabled(): boolean {
    return this.DIGEST_ENABLED ?? this.NODE_ENV !== 'test';
  }

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

  get corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean);
  }

  get trustProxy(): false | number | string[] {
    if (this.TRUST_PROXY === '') return false;
    if (/^\d+$/.test(this.TRUST_PROXY)) return Number(this.TRUST_PROXY);
    return this.TRUST_PROXY.split(',').map((entry) => entry.trim());
  }

  get queryLimits() {
    return {
      maxDepth: this.GRAPHQL_MAX_DEPTH,
      maxAliases: this.GRAPHQL_MAX_ALIASES,
      maxTokens: this.GRAPHQL_MAX_TOKENS,
      maxCost: this.GRAPHQL_MAX_COST,
    };
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
