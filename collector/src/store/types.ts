import type { TraceHistory } from '../../../storage/exports/source';
import type { DashboardReader } from '../dashboard/sql';
import type { ItemType, ValidItem } from '../envelope';
import type { BucketOptions, Limiter } from '../rate-limit';
import type { TokenRecord, TokenScope } from '../tokens';
import type { StudyStore } from './study-types';

export type * from './study-types';

/** Who sent a batch: the participant from its token (null for a token not bound to one), the study from a header. */
export interface BatchMeta {
  participantId: string | null;
  /** Who owns the rows the batch creates (`ownerOf(token)`); rows of another owner are never changed. */
  owner: string;
  studyId: string | null;
  /** ISO time the collector stored the batch; every row of the batch gets it. */
  storedAt: string;
}

/**
 * `created` new row; `duplicate` already stored as is; `updated` a trace whose content changed; `foreign` a row
 * with this id belongs to another owner, so nothing was written.
 */
export type ItemOutcome = 'created' | 'duplicate' | 'updated' | 'foreign';

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
  /** Live tokens bound to the participant, revoked with the withdrawal. */
  tokensRevoked: number;
}

export interface NewToken {
  id: string;
  name: string;
  scope: TokenScope;
  participantId: string | null;
  /** The study an enrolment token was issued for; its rows carry this study id. */
  studyId?: string | null;
  hash: string;
  createdAt: string;
}

export interface Store extends StudyStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates or upgrades the tables; safe to run on every start, also from two processes. */
  migrate(): Promise<void>;
  /** Stores a batch in one transaction; outcomes in item order. Nothing is stored if it throws. */
  ingest(items: readonly ValidItem[], meta: BatchMeta): Promise<ItemOutcome[]>;
  /** Traces, then events, stored at or after `since`, ordered by stored time; read in pages. */
  exportSince(since: string): AsyncIterable<ExportRecord>;
  /**
   * Removes a participant's traces and events, revokes the tokens bound to them and remembers the withdrawal, in
   * one transaction. SQLite also overwrites the deleted content in its files (secure_delete, WAL checkpoint).
   */
  deleteParticipant(participantId: string, at: string): Promise<DeletedCounts>;
  isWithdrawn(participantId: string): Promise<boolean>;
  /** True when a token (live or revoked) is bound to the id, rows carry it, or it has withdrawn. */
  isKnownParticipant(participantId: string): Promise<boolean>;
  createToken(token: NewToken): Promise<void>;
  /** The token with this hash, live or revoked (the caller tells a withdrawal's revocation from others). */
  findToken(hash: string): Promise<TokenRecord | null>;
  listTokens(): Promise<TokenRecord[]>;
  /** Revokes by id or name; how many tokens were revoked. */
  revokeToken(idOrName: string, at: string): Promise<number>;
  /** The dashboard's counters (kept by `ingest`, `deleteParticipant` and `countRefusals`); reads no records. */
  readonly dashboard: DashboardReader;
  /** Adds items refused from a batch, per reason (`invalid`, `unchecked`, …), to the counters. */
  countRefusals(studyId: string | null, at: string, counts: Readonly<Record<string, number>>): Promise<void>;
  /**
   * Every trace (of `studyId`, or all when null) with its events in createdAt order, in trace id order and in
   * pages, for the training formats computed on the server. Events whose trace is not stored are left out.
   */
  traceHistories(studyId: string | null): AsyncIterable<TraceHistory>;
  /** A rate limiter whose buckets every process on this database shares (PostgreSQL only). */
  sharedLimiter?(prefix: string, options: BucketOptions): Limiter;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EXPORT_PAGE_SIZE = 1_000;
