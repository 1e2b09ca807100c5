import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { GraphQLFormattedError } from 'graphql';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { withoutFeedTokenInLog } from './calendar/calendar-feed-token';
import { ExportsModule } from './exports/exports.module';
import { GraphQLExceptionFilter } from './common/errors/graphql-exception.filter';
import { createGraphQLContext } from './common/graphql/graphql-context';
import { corsPolicy, securityHeaders } from './common/graphql/http-hardening';
import { requestContextMiddleware } from './common/request-context';
import { queryCostPlugin, queryLimitRules, queryParseOptions } from './common/graphql/query-limits';
import { tooManyRequestsPlugin } from './common/graphql/too-many-requests.plugin';
import { InputValidationPipe } from './common/validation/validation.pipe';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DigestModule } from './digest/digest.module';
import { DuplicatesModule } from './duplicates/duplicates.module';
import { HealthModule } from './health/health.module';
import { LeadsModule } from './leads/leads.module';
import { MeetingLogModule } from './meeting-log/meeting-log.module';
import { MeetingsModule } from './meetings/meetings.module';
import { MergesModule } from './merges/merges.module';
import { NotesModule } from './notes/notes.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PartnershipsModule } from './partnerships/partnerships.module';
import { PeopleModule } from './people/people.module';
import { ReportPrintModule } from './report-print/report-print.module';
import { ReportingModule } from './reporting/reporting.module';
import { SearchModule } from './search/search.module';
import { TagsModule } from './tags/tags.module';
import { TeamsModule } from './teams/teams.module';
import { TasksModule } from './tasks/tasks.module';
import { TimelineModule } from './timeline/timeline.module';
import { TripsModule } from './trips/trips.module';

/**
 * graphql-js gives up on variables after 50 coercion errors with an error that
 * names no variable, so Apollo does not recognise it as the client's and
 * answers INTERNAL_SERVER_ERROR.
 */
const VARIABLE_ERROR_LIMIT = 'Too many errors processing variables, error limit reached. Execution aborted.';

/**
 * An idle keep-alive connection stays open 65 s, longer than the idle timeout
 * of the proxies and clients in front of us (load balancers commonly 60 s,
 * Node's fetch 4 s). With Node's default of 5 s the server could close a
 * connection just as a client, on a busy machine, sent its next request on it,
 * which then failed with ECONNRESET. Headers must arrive within 66 s (Node
 * requires more than the keep-alive timeout).
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
export const HEADERS_TIMEOUT_MS = 66_000;

/** In production, error messages must not hint at the schema ("Did you mean ...?"). */
function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const error =
      formatted.message === VARIABLE_ERROR_LIMIT ? { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } } : formatted;
    if (!production) return error;
    return { ...error, message: error.message.replace(/ ?Did you mean .+\?$/, '') };
  };
}

@Module({})
export class AppModule implements NestModule {
  constructor(
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /**
   * For every route, GraphQL, REST and health alike: the request context
   * (who is reading, for the access policy; who is acting, for the audit
   * trail), security headers, CORS and the proxy setting.
   */
  configure(consumer: MiddlewareConsumer): void {
    // req.ip, which login throttling counts by, is the client behind the trusted proxies.
    this.adapterHost.httpAdapter.getInstance().set('trust proxy', this.config.trustProxy);
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    server.headersTimeout = HEADERS_TIMEOUT_MS;
    const options = { production: this.config.isProduction, corsOrigins: this.config.corsOrigins };
    consumer.apply(requestContextMiddleware, securityHeaders(options), corsPolicy(options)).forRoutes('{*path}');
  }

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            transport: config.logFormat === 'pretty' ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
            genReqId: (req, res) => {
              const incoming = req.headers['x-request-id'];
              const id = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
            // Credentials never reach the log; request bodies are not logged at all.
            redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            // A calendar feed's URL is its credential (calendar apps send no header).
            serializers: { req: withoutFeedTokenInLog },
            autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
          },
        }),
        DatabaseModule,
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: config.schemaFile ?? true,
          sortSchema: true,
          graphiql: !config.isProduction,
          introspection: !config.isProduction,
          includeStacktraceInErrorResponses: !config.isProduction,
          // Apollo strips suggestions from validation errors, formatError from variable errors.
          hideSchemaDetailsFromClientErrors: config.isProduction,
          formatError: formatError(config.isProduction),
          // Limits run before execution: no SQL for a refused operation.
          parseOptions: queryParseOptions(config.queryLimits),
          validationRules: queryLimitRules(config.queryLimits),
          plugins: [queryCostPlugin(config.queryLimits), tooManyRequestsPlugin()],
          // Apollo's default, spelled out: a GET or a form-like POST needs a header no simple request has.
          csrfPrevention: true,
          // Otherwise the Nest driver turns a 429 into a 200 whenever the response has data.
          preserveHttpStatusForExecutionErrors: false,
          context: createGraphQLContext,
        }),
        HealthModule,
        AuthModule,
        TeamsModule,
        AccessModule,
        OrganisationsModule,
        PeopleModule,
        TripsModule,
        MeetingsModule,
        LeadsModule,
        PartnershipsModule,
        TasksModule,
        NotesModule,
        TagsModule,
        TimelineModule,
        MeetingLogModule,
        DuplicatesModule,
        MergesModule,
        AuditModule,
        ReportingModule,
        DigestModule,
        ExportsModule,
        CalendarModule,
        ReportPrintModule,
        SearchModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: GraphQLExceptionFilter },
      ],
    };
  }
}
