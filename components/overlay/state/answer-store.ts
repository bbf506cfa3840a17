import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Stage } from '../../../storage/labels';
import type { FeedbackEvent, Trace, TraceDraft } from '../../../storage/schema';
import { makeEvent } from '../../../utils/content/make-event';
import { describeSaved, describeUndone } from '../../../utils/describe-event';
import { describeTarget, targetWords } from '../../../utils/describe-target';
import { t } from '../../../utils/i18n';
import type { Comparison } from '../../../utils/refine/compare';
import type { ShownProposal } from '../../../utils/shadow/types';
import type { DockPlace } from '../dock';

/** What a control gives: everything of an event but its ids and time. */
export type Payload = Pick<FeedbackEvent, 'stage' | 'target' | 'kind' | 'value'>;

/** `kept`: the events could not be stored yet, and the sender holds them to send again (see `UnsavedEvents`). */
export type SendResult = { ok: true } | { ok: false; message: string; kept?: boolean };
export type SendEvents = (events: FeedbackEvent[]) => Promise<SendResult>;

/**
 * Events the page holds because they could not be stored yet (a full store): one set per page, for every strip.
 * Answers' traces are held the same way, ahead of the events about them.
 */
export interface UnsavedEvents {
  /** How many events are held. */
  count(): number;
  /** Whether the trace of this answer (by its draft's or its stored id) is held, not stored yet. */
  traceKept(traceId: string): boolean;
  /** What the strip of this answer says about what is held. */
  message(traceId?: string): string;
  /** Events held earlier that the store then refused for good, in plain words; null when there are none. */
  refused(): string | null;
  /** Try to store them now. */
  retry(): Promise<void>;
  /** Called whenever the kept events change (kept, stored, or tried again); returns an unsubscribe. */
  subscribe(listener: () => void): () => void;
}

interface HistoryEntry {
  key: string;
  event: FeedbackEvent;
  /** What this control held before, restored on undo. */
  previous: FeedbackEvent | undefined;
}

export interface AnswerState {
  trace: TraceDraft;
  traceId: string | null;
  /** The effective event per control (e.g. `retrieval|source:s1|relevance`). */
  given: Record<string, FeedbackEvent>;
  history: HistoryEntry[];
  /** `unsaved`: feedback on this page is kept, not yet stored; the strip offers to retry. */
  status: { kind: 'idle' | 'saving' | 'saved' | 'removed' | 'error' | 'unsaved'; message: string };
  /** What the last stored change was, in words, for screen readers (a grade given by a key is otherwise silent). */
  announced: string;
  openStage: OpenPanel | null;
  /** Set on an answer read in a tab that "Refine" opened, once it is complete. */
  refined: RefinedView | null;
  refineActions: RefineActions | null;
  /** "Report this page": set by the content script that mounts the strip (opens the report in a new tab). */
  reportPage?: () => Promise<void>;
  /** Span labels whose text could not be found on the page any more (listed, never dropped). */
  orphans: string[];
  /** The shadow agent's open proposals for this answer (at most three), from the background. */
  proposals: ShownProposal[];
  /** One quiet line when the user's own or the browser's model failed on this answer ('' otherwise). */
  modelNote: string;
  /** A short turn's compact strip was opened out by the user ("More"). */
  expanded: boolean;
  expand(): void;
  /** The sentence or source whose item has focus in a panel: the page shows it marked, in view (null: none). */
  pointed: Pointed | null;
  point(pointed: Pointed | null): void;
  /** What the user points at on the page (a citation link): the open panel marks its item (null: none). */
  selected: Selected | null;
  select(selected: Selected | null): void;
  /** Where the open panel floats so the answer stays in view (null: in place, below the strip). */
  dock: DockPlace | null;
  setDock(dock: DockPlace | null): void;
  setOrphans(keys: string[]): void;
  setTrace(trace: TraceDraft, traceId: string | null): void;
  /** Feedback stored earlier for this answer (e.g. before a reload), keyed by control. */
  hydrate(given: Record<string, FeedbackEvent>): void;
  setOpenStage(stage: OpenPanel | null): void;
  /** Give feedback on a control; a second choice supersedes the first. */
  give(key: string, payload: Payload): Promise<boolean>;
  /** Withdraw what a control holds, leaving a tombstone. */
  retract(key: string): Promise<boolean>;
  /** Undo the last change: restore what the control held before (or withdraw it). */
  undo(): Promise<boolean>;
  /** Try again to store the feedback kept on this page. */
  retrySaving(): Promise<void>;
  /** The answer left the page: stop following the page's kept events. */
  detach(): void;
}

export type AnswerStore = StoreApi<AnswerState>;

/** What "Refine" does outside the strip: set by the content script that mounts it. */
export interface RefineActions {
  /** Records the refinement and opens `query` in a new tab on the same engine (through the background). */
  open(query: string, feedbackEventIds: string[]): Promise<{ ok: true; url: string } | { ok: false; message: string }>;
  /** Puts a follow-up question in the chat's own box, unsent; false when the box is not found. */
  prefill(text: string): boolean;
}

/** A part of the answer on the page that a panel's item is about. */
export type Pointed = { type: 'sentence' | 'source'; id: string };

/**
 * What the pointer is on in the page: a citation link (the source it cites, and the sentence it follows when
 * known), or a sentence (no source: all its pairs).
 */
export type Selected = { sourceId: string | null; sentenceId: string | null };

/** What the strip can open below its bar: a stage's panel, or "Refine". */
export type OpenPanel = Stage | 'refine';

/** What changed in a refined answer, shown beside it once it has been read. */
export interface RefinedView {
  link: NonNullable<Trace['refinedFrom']>;
  originalQuery: string;
  comparison: Comparison;
  /** The refined search gave the original answer back, the same trace (the verdict says so, `unchanged`). */
  unchanged: boolean;
  /** The same text from the same sources: the strip says nothing changed instead of listing empty differences. */
  sameAnswer: boolean;
}

/**
 * `unsaved`, when given, is the page's set of kept events: while it holds any, the strip says so and offers a
 * retry; once they are stored, it says "Saved".
 */
export function createAnswerStore(trace: TraceDraft, send: SendEvents, unsaved?: UnsavedEvents): AnswerStore {
  /** The id events about this answer carry: the stored trace's, or (while it is held) the draft's. */
  const answerId = () => store.getState().traceId ?? store.getState().trace.id;
  const store = createStore<AnswerState>()((set, get) => {
    const commit = async (key: string, event: FeedbackEvent, previous: FeedbackEvent | undefined, record: boolean) => {
      set({ status: { kind: 'saving', message: t('stripSaving') } });
      const result = await send([event]);
      if (!result.ok && !result.kept) {
        set({ status: { kind: 'error', message: t('stripNotSaved', result.message) } });
        return false;
      }
      // Kept events are the user's choice as made: the control shows it, and later choices supersede it.
      const given = { ...get().given };
      if (event.kind === 'retraction') delete given[key];
      else given[key] = event;
      set({
        given,
        announced: announce(event, previous, get().trace),
        history: record ? [...get().history, { key, event, previous }] : get().history,
        status: !result.ok
          ? { kind: 'unsaved', message: unsaved ? unsaved.message(answerId()) : result.message }
          : event.kind === 'retraction'
            ? { kind: 'removed', message: t('stripRemoved') }
            : { kind: 'saved', message: t('stripSaved') },
      });
      return true;
    };

    return {
      trace,
      traceId: null,
      given: {},
      history: [],
      status: { kind: 'idle', message: '' },
      announced: '',
      openStage: null,
      refined: null,
      refineActions: null,
      orphans: [],
      proposals: [],
      modelNote: '',
      expanded: false,
      expand: () => set({ expanded: true }),
      pointed: null,
      point: (pointed) => {
        const now = get().pointed;
        if (now?.type !== pointed?.type || now?.id !== pointed?.id) set({ pointed });
      },
      dock: null,
      setDock: (dock) => set({ dock }),
      selected: null,
      select: (selected) => {
        const now = get().selected;
        if (now?.sourceId !== selected?.sourceId || now?.sentenceId !== selected?.sentenceId) set({ selected });
      },
      setOrphans: (orphans) => {
        const current = get().orphans;
        if (orphans.length !== current.length || orphans.some((k, i) => k !== current[i])) set({ orphans });
      },
      setTrace: (next, traceId) => set({ trace: next, traceId: traceId ?? get().traceId }),
      setOpenStage: (openStage) => set({ openStage }),
      hydrate: (earlier) => set({ given: { ...earlier, ...get().given } }),
      async give(key, payload) {
        const { traceId, given } = get();
        if (!traceId) return false;
        const previous = given[key];
        return commit(key, makeEvent(traceId, payload, previous?.id), previous, true);
      },
      async retract(key) {
        const { traceId, given } = get();
        const previous = given[key];
        if (!traceId || !previous) return false;
        const tombstone = makeEvent(
          traceId,
          { stage: previous.stage, target: previous.target, kind: 'retraction', value: null },
          previous.id,
        );
        return commit(key, tombstone, previous, true);
      },
      async undo() {
        const { traceId, history, given } = get();
        const last = history.at(-1);
        if (!traceId || !last) return false;
        const { key, event, previous } = last;
        // An earlier undo may have replaced the control's event: always supersede what is effective now.
        const current = given[key]?.id ?? event.id;
        const restored = previous
          ? makeEvent(traceId, { ...pick(previous) }, current)
          : makeEvent(traceId, { stage: event.stage, target: event.target, kind: 'retraction', value: null }, current);
        const ok = await commit(key, restored, undefined, false);
        if (ok) set({ history: get().history.slice(0, -1) });
        if (ok && get().status.kind !== 'unsaved') {
          const about = describeTarget(event, targetWords(get().trace));
          set({ status: { kind: 'saved', message: describeUndone(event, previous, about) } });
        }
        return ok;
      },
      async retrySaving() {
        await unsaved?.retry();
      },
      detach: () => stopFollowing?.(),
    };
  });
  // Events kept by any strip or signal on this page are this strip's news too: nothing unsaved goes unsaid. So is
  // this answer's own trace being held, and events held earlier that were then refused for good.
  const stopFollowing = unsaved?.subscribe(() => {
    const { status } = store.getState();
    const refused = unsaved.refused();
    if (unsaved.count() > 0 || unsaved.traceKept(answerId())) {
      store.setState({ status: { kind: 'unsaved', message: unsaved.message(answerId()) } });
    } else if (refused) store.setState({ status: { kind: 'error', message: refused } });
    else if (status.kind === 'unsaved') store.setState({ status: { kind: 'saved', message: t('stripSaved') } });
  });
  return store;
}

function pick(event: FeedbackEvent): Payload {
  return { stage: event.stage, target: event.target, kind: event.kind, value: event.value } as Payload;
}

/** A control's identity: a second choice on the same key replaces the first. */
export function controlKey(stage: Stage, target: string, control: string): string {
  return `${stage}|${target}|${control}`;
}

/** How many things the user has said about this answer (effective, not counting replaced ones). */
export function countGiven(given: Record<string, FeedbackEvent>): number {
  return Object.keys(given).length;
}

function announce(event: FeedbackEvent, previous: FeedbackEvent | undefined, trace: TraceDraft): string {
  const what = event.kind === 'retraction' && previous ? previous : event;
  return describeSaved(event, previous, describeTarget(what, targetWords(trace)));
}
