import type { ItemType, ValidItem } from '../envelope';
import type { TokenRecord, TokenScope } from '../tokens';

/** Who sent a batch, from the request headers; null when the client did not say. */
export interface BatchMeta {
  participantId: string | null;
  studyId: string | null;
  /** ISO time the collector stored the batch; every row of the batch gets it. */
  storedAt: string;
}

/** `created` new row; `duplicate` already stored as is; `updated` a trace whose content changed. */
export type ItemOutcome = 'created' | 'duplicate' | 'updated';

/** One exported line: an envelope item as stored, plus who sent it. */
export interface ExportRecord {
  id: string;
  type: ItemType;
  /** When the collector stored (or last updated) it. */
  storedAt: string;
  participantId: string | null;
  studyId: string | null;
  /** The validated body as JSON text. */
  bodyJson: string;
}

export interface DeletedCounts {
  traces: number;
  events: number;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates or upgrades the tables; safe to run on every start, also from two processes. */
  migrate(): Promise<void>;
  /** Stores a batch in one transaction; outcomes in item order. Nothing is stored if it throws. */
  ingest(items: readonly ValidItem[], meta: BatchMeta): Promise<ItemOutcome[]>;
  /** Traces, then events, stored at or after `since`, ordered by stored time; read in pages. */
  exportSince(since: string): AsyncIterable<ExportRecord>;
  /** Removes a participant's traces and events and remembers the withdrawal. */
  deleteParticipant(participantId: string, at: string): Promise<DeletedCounts>;
  isWithdrawn(participantId: string): Promise<boolean>;
  createToken(token: { id: string; name: string; scope: TokenScope; hash: string; createdAt: string }): Promise<void>;
  /** The live (not revoked) token with this hash. */
  findToken(hash: string): Promise<TokenRecord | null>;
  listTokens(): Promise<TokenRecord[]>;
  /** Revokes by id or name; how many tokens were revoked. */
  revokeToken(idOrName: string, at: string): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EXPORT_PAGE_SIZE = 1_000;
