import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { exitWithError, failedStart, QUIET_START } from './common/command-line';
import { loadConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    exitWithError(error);
  }
  // A held data folder or a bad variable is one line on stderr, not Nest's report with a stack.
  const app = await NestFactory.create(AppModule.forRoot(config), QUIET_START).catch(failedStart);
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.flushLogs();
  app.enableShutdownHooks();
  await app.listen(config.PORT);
  logger.log(`Liaison ready: GraphQL at ${await app.getUrl()}/graphql (NODE_ENV=${config.NODE_ENV})`, 'Bootstrap');
}

void bootstrap();
