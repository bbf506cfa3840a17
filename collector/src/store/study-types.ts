import type { NewToken } from './types';

/** A study participants enrol in with its code (only the code's hash is stored). */
export interface StudyRecord {
  id: string;
  name: string;
  /** The study's own consent text, shown to participants as plain text. */
  consentText: string;
  createdAt: string;
  /** Enrolments the code allows; null: no limit. */
  maxEnrolments: number | null;
  /** The code works before this time; null: it never expires. */
  expiresAt: string | null;
  /** Enrolments issued so far. */
  enrolments: number;
}

export type NewStudy = Omit<StudyRecord, 'enrolments'> & { codeHash: string };

export interface StudySummary extends StudyRecord {
  /** Enrolled participants who have withdrawn since. */
  withdrawn: number;
}

/** What the collector confirms it holds for one participant. */
export interface Receipts {
  traces: number;
  events: number;
  eventsByStage: Record<string, number>;
  /** When the latest of those rows was stored; null when there are none. */
  lastStoredAt: string | null;
}

export type EnrolOutcome =
  | { kind: 'enrolled'; study: StudyRecord }
  | { kind: 'unknown' }
  | { kind: 'expired'; study: StudyRecord }
  | { kind: 'full'; study: StudyRecord };

export interface StudyStore {
  /** Throws when a study with this id or code already exists. */
  createStudy(study: NewStudy): Promise<void>;
  findStudyByCode(codeHash: string): Promise<StudyRecord | null>;
  /**
   * In one transaction: checks the code (known, not expired at `at`, not used up), counts the enrolment, records the
   * participant in the study and stores their token. Nothing is written unless the outcome is `enrolled`.
   */
  enrol(codeHash: string, at: string, participantId: string, token: NewToken): Promise<EnrolOutcome>;
  listStudies(): Promise<StudySummary[]>;
  receipts(participantId: string): Promise<Receipts>;
}

/** Whether the code still lets someone enrol at `at`, and if not why. */
export function enrolmentVerdict(study: StudyRecord, at: string): EnrolOutcome {
  if (study.expiresAt !== null && new Date(study.expiresAt).getTime() <= new Date(at).getTime()) {
    return { kind: 'expired', study };
  }
  if (study.maxEnrolments !== null && study.enrolments >= study.maxEnrolments) return { kind: 'full', study };
  return { kind: 'enrolled', study };
}
