import type { FeedbackEvent, Trace } from '../../../storage/schema';

/**
 * The dashboard reads small counter tables instead of scanning traces and events. These are the changes to those
 * counters that one write makes (a batch, a withdrawal, a trace arriving after its events), computed here once for
 * both stores; each store adds them to its tables in the write's transaction.
 *
 * Keys never hold null: a record without a study counts under study '' and an event whose trace has not arrived
 * yet under site '' (moved to the trace's site when it arrives).
 */
export const NO_STUDY = '';
export const UNKNOWN_SITE = '';

/** How completely an adapter read an answer: see `readOutcome`. */
export const READ_OUTCOMES = ['full', 'partial', 'none'] as const;
export type ReadOutcome = (typeof READ_OUTCOMES)[number];

/**
 * `full`: no stage failed, and the answer was read and complete. `none`: the answer itself was not read.
 * `partial`: the answer was read but some stage failed or the answer was still incomplete. A stage the page
 * does not have (`not_available`, e.g. no sub-queries shown) does not make a read partial.
 */
export function readOutcome(trace: Pick<Trace, 'availability' | 'answer'>): ReadOutcome {
  const { availability, answer } = trace;
  if (availability.answer !== 'read') return 'none';
  const failed = Object.values(availability).includes('failed');
  return !failed && answer.complete ? 'full' : 'partial';
}

/** The bar an event counts in under its stage: a label's name, `thumbs_up`, `relevance_2`, `edit_rewrite`, … */
export function feedbackLabel(event: FeedbackEvent): string {
  switch (event.kind) {
    case 'label':
      return event.value.label;
    case 'rating':
      return event.value.scale === 'thumbs'
        ? event.value.score > 0
          ? 'thumbs_up'
          : 'thumbs_down'
        : `likert_${event.value.score}`;
    case 'relevance':
      return `relevance_${event.value}`;
    case 'edit':
      return `edit_${event.value.op}`;
    case 'implicit':
      return `implicit_${event.value.signal}`;
    default:
      return event.kind;
  }
}

/** `2026-11-26T20:41:07.512Z` → `2026-11-26` (days are UTC). */
export const dayOf = (iso: string) => iso.slice(0, 10);

export interface DailyRow {
  study: string;
  day: string;
  events: number;
  traces: number;
}
export interface FeedbackRow {
  study: string;
  site: string;
  stage: string;
  label: string;
  count: number;
}
export interface ReadRow {
  study: string;
  adapter: string;
  outcome: ReadOutcome;
  count: number;
}
export interface ParticipantRow {
  study: string;
  participant: string;
  events: number;
  traces: number;
  /** Latest stored time of a record counted here (ISO), or null when the change only subtracts. */
  lastAt: string | null;
}
export interface RefusedRow {
  study: string;
  day: string;
  reason: string;
  count: number;
}

/** Counter changes, summed per key; rows come out sorted by key so concurrent writers lock them in one order. */
export class AggregateDelta {
  private readonly daily = new Map<string, DailyRow>();
  private readonly feedback = new Map<string, FeedbackRow>();
  private readonly reads = new Map<string, ReadRow>();
  private readonly participants = new Map<string, ParticipantRow>();
  private readonly refused = new Map<string, RefusedRow>();

  private static bump<R>(map: Map<string, R>, key: string[], fresh: () => R, add: (row: R) => void): void {
    // Ids never hold U+0000 (the collector refuses it), so it separates the parts unambiguously.
    const k = key.join('\u0000');
    let row = map.get(k);
    if (!row) {
      row = fresh();
      map.set(k, row);
    }
    add(row);
  }

  /** An event stored (`sign` 1) or deleted (-1). */
  event(
    study: string | null,
    participant: string | null,
    storedAt: string,
    site: string | null,
    body: FeedbackEvent,
    sign: 1 | -1 = 1,
  ): void {
    const s = study ?? NO_STUDY;
    const day = dayOf(storedAt);
    AggregateDelta.bump(
      this.daily,
      [s, day],
      () => ({ study: s, day, events: 0, traces: 0 }),
      (row) => {
        row.events += sign;
      },
    );
    this.feedbackAt(s, site ?? UNKNOWN_SITE, body, sign);
    this.participant(s, participant, sign > 0 ? storedAt : null, (row) => {
      row.events += sign;
    });
  }

  /** An event's feedback counted under a site (used alone when its trace arrives and names the site). */
  feedbackAt(study: string, site: string, body: FeedbackEvent, sign: 1 | -1): void {
    const label = feedbackLabel(body);
    AggregateDelta.bump(
      this.feedback,
      [study, site, body.stage, label],
      () => ({ study, site, stage: body.stage, label, count: 0 }),
      (row) => {
        row.count += sign;
      },
    );
  }

  /** A trace created (1) or deleted (-1). */
  trace(study: string | null, participant: string | null, storedAt: string, body: Trace, sign: 1 | -1 = 1): void {
    const s = study ?? NO_STUDY;
    const day = dayOf(storedAt);
    AggregateDelta.bump(
      this.daily,
      [s, day],
      () => ({ study: s, day, events: 0, traces: 0 }),
      (row) => {
        row.traces += sign;
      },
    );
    this.read(s, body, sign);
    this.participant(s, participant, sign > 0 ? storedAt : null, (row) => {
      row.traces += sign;
    });
  }

  /**
   * A stored trace replaced by a new version: its counts move to the new stored day and read outcome (the day a
   * trace counts under is the one it was last stored on, so a deletion subtracts it where it is).
   */
  traceReplaced(
    study: string | null,
    participant: string | null,
    old: { storedAt: string; body: Trace },
    now: { storedAt: string; body: Trace },
  ): void {
    this.trace(study, participant, old.storedAt, old.body, -1);
    this.trace(study, participant, now.storedAt, now.body, 1);
  }

  /** A trace's read outcome counted (an update subtracts the old body's and adds the new one's). */
  read(study: string | null, body: Pick<Trace, 'adapter' | 'availability' | 'answer'>, sign: 1 | -1): void {
    const s = study ?? NO_STUDY;
    const outcome = readOutcome(body);
    AggregateDelta.bump(
      this.reads,
      [s, body.adapter.id, outcome],
      () => ({ study: s, adapter: body.adapter.id, outcome, count: 0 }),
      (row) => {
        row.count += sign;
      },
    );
  }

  /** A participant's last activity, when the batch stored nothing new (duplicates and updates are activity too). */
  touch(study: string | null, participant: string | null, at: string): void {
    this.participant(study ?? NO_STUDY, participant, at, () => {});
  }

  refusal(study: string | null, at: string, reason: string, count: number): void {
    if (count === 0) return;
    const s = study ?? NO_STUDY;
    const day = dayOf(at);
    AggregateDelta.bump(
      this.refused,
      [s, day, reason],
      () => ({ study: s, day, reason, count: 0 }),
      (row) => {
        row.count += count;
      },
    );
  }

  private participant(
    study: string,
    participant: string | null,
    at: string | null,
    add: (row: ParticipantRow) => void,
  ): void {
    if (participant === null) return;
    AggregateDelta.bump(
      this.participants,
      [study, participant],
      () => ({ study, participant, events: 0, traces: 0, lastAt: null }),
      (row) => {
        add(row);
        if (at !== null && (row.lastAt === null || at > row.lastAt)) row.lastAt = at;
      },
    );
  }

  private static sorted<R>(map: Map<string, R>, keep: (row: R) => boolean): R[] {
    return [...map.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => row)
      .filter(keep);
  }

  rows() {
    return {
      daily: AggregateDelta.sorted(this.daily, (r) => r.events !== 0 || r.traces !== 0),
      feedback: AggregateDelta.sorted(this.feedback, (r) => r.count !== 0),
      reads: AggregateDelta.sorted(this.reads, (r) => r.count !== 0),
      participants: AggregateDelta.sorted(
        this.participants,
        (r) => r.events !== 0 || r.traces !== 0 || r.lastAt !== null,
      ),
      refused: AggregateDelta.sorted(this.refused, (r) => r.count !== 0),
    };
  }

  get empty(): boolean {
    const r = this.rows();
    return Object.values(r).every((list) => list.length === 0);
  }
}

export type DeltaRows = ReturnType<AggregateDelta['rows']>;
