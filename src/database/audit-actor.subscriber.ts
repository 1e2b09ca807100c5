import { EntitySubscriberInterface, EventSubscriber, TransactionStartEvent } from 'typeorm';
import { currentRequest } from '../common/request-context';

interface Actor {
  userId: string | null;
  apiKeyId: string | null;
  label: string | null;
  requestId: string | null;
}

/** Who is acting in this request: the authenticated user (or API key), as the guard left it on the request. */
function currentActor(): Actor {
  const req = currentRequest() as
    | (Record<string, unknown> & { id?: unknown; user?: { id?: string; email?: string }; apiKey?: { id?: string; name?: string } })
    | undefined;
  return {
    userId: req?.user?.id ?? null,
    apiKeyId: req?.apiKey?.id ?? null,
    label: req?.apiKey?.name ? `api key ${req.apiKey.name}` : (req?.user?.email ?? null),
    requestId: typeof req?.id === 'string' ? req.id : null,
  };
}

/**
 * Hands the acting user to the database at the start of every transaction
 * (SET LOCAL semantics via set_config(..., true)), where the audit trigger on
 * each table records it with the change, in the same transaction.
 */
@EventSubscriber()
export class AuditActorSubscriber implements EntitySubscriberInterface {
  async afterTransactionStart(event: TransactionStartEvent): Promise<void> {
    const actor = currentActor();
    await event.queryRunner.query(
      `SELECT set_config('liaison.actor_user_id', $1, true), set_config('liaison.actor_api_key_id', $2, true),
              set_config('liaison.actor', $3, true), set_config('liaison.request_id', $4, true)`,
      [actor.userId ?? '', actor.apiKeyId ?? '', actor.label ?? '', actor.requestId ?? ''],
    );
  }
}
