import type { FeedbackEvent } from '../../storage/schema';
import { SCHEMA_VERSION } from '../../storage/schema/constants';
import { wellFormedDeep } from '../text/well-formed';
import { uuidv7 } from '../uuidv7';

type Payload = Pick<FeedbackEvent, 'stage' | 'target' | 'kind' | 'value'> & { origin?: FeedbackEvent['origin'] };

/** A new user event for a trace; `supersedes` when it replaces an earlier choice. */
export function makeEvent(traceId: string, payload: Payload, supersedes?: string): FeedbackEvent {
  const now = Date.now();
  // Copied or typed text can hold lone surrogates; every event is built here, so this is where they go.
  return wellFormedDeep({
    id: uuidv7(now),
    schemaVersion: SCHEMA_VERSION,
    traceId,
    createdAt: new Date(now).toISOString(),
    origin: payload.origin ?? (payload.kind === 'implicit' ? 'implicit' : 'user'),
    ...(supersedes ? { supersedes } : {}),
    ...payload,
  } as FeedbackEvent);
}
