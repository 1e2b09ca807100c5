import type { ApolloDriverConfig } from '@nestjs/apollo';

type ApolloServerPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

/**
 * A throttled operation (an error carrying `extensions.retryAfterSeconds`)
 * answers HTTP 429 with a Retry-After header, so proxies and clients that only
 * look at the status back off too. Services only say how long to wait.
 */
export function tooManyRequestsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ errors, response }) {
          const waits = (errors ?? [])
            .map((error) => error.extensions?.retryAfterSeconds)
            .filter((seconds): seconds is number => typeof seconds === 'number');
          if (waits.length === 0) return;
          response.http.status = 429;
          response.http.headers.set('retry-after', String(Math.max(...waits)));
        },
      };
    },
  };
}
