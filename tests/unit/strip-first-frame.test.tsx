import { JSDOM } from 'jsdom';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { Strip } from '../../components/overlay/Strip';
import {
  type AnswerState,
  type AnswerStore,
  controlKey,
  createAnswerStore,
} from '../../components/overlay/state/answer-store';
import { drawStripFirstFrame } from '../../components/overlay/strip-first-frame';
import { AnswerStoreContext } from '../../components/overlay/use-answer';
import { storageError } from '../../utils/background/dispatch';
import { createEventSender } from '../../utils/content/send-events';
import { traceDraft } from '../support/factories';

/** A node tree as text, attributes sorted, empty text left out: two renderers' output compared as the DOM sees it. */
function shape(node: Node, depth = 0): string {
  const pad = '  '.repeat(depth);
  if (node.nodeType === node.TEXT_NODE) return node.textContent ? `${pad}"${node.textContent}"\n` : '';
  const element = node as Element;
  const attrs = [...element.attributes]
    .map(
      (a) =>
        `${a.name}=${JSON.stringify(a.name === 'style' ? a.value.replace(/\s*:\s*/g, ':').replace(/;\s*$/, '') : a.value)}`,
    )
    .sort()
    .join(' ');
  return `${pad}<${element.localName} ${attrs}>\n${[...element.childNodes].map((c) => shape(c, depth + 1)).join('')}`;
}

/** What the Preact strip renders for `state` (React's server renderer; same components, same props). */
function stripMarkup(state: AnswerState): string {
  // zustand's server snapshot is the store's initial state: a store that starts in `state` renders `state`.
  const store = createStore<AnswerState>()(() => state);
  const html = renderToStaticMarkup(
    <AnswerStoreContext.Provider value={store}>
      <Strip />
    </AnswerStoreContext.Provider>,
  );
  const { document } = new JSDOM(`<div id="c">${html}</div>`).window;
  return shape(document.getElementById('c') as Element);
}

function firstFrame(state: AnswerState, then?: AnswerState) {
  const { document } = new JSDOM('<div id="c"></div>').window;
  const container = document.getElementById('c') as HTMLElement;
  const frame = drawStripFirstFrame(container, state);
  if (then) frame.update(then);
  return shape(container);
}

const thumbs = (stage: 'overall' | 'answer') => controlKey(stage, 'stage', 'thumbs');

/** A thumb given on a stage, as the strip's buttons give it. */
const rate = (store: AnswerStore, stage: 'overall' | 'answer', score: 1 | -1) =>
  store.getState().give(thumbs(stage), {
    stage,
    target: { type: 'stage' },
    kind: 'rating',
    value: { scale: 'thumbs', score },
  });

/** A store for the answer whose trace the background has stored (its controls are enabled). */
function storedAnswer(sendEvents: Parameters<typeof createAnswerStore>[1]): AnswerStore {
  const store = createAnswerStore(traceDraft(), sendEvents);
  store.getState().setTrace(store.getState().trace, store.getState().trace.id);
  return store;
}

/** The states a strip goes through before anyone touches it, and after feedback was given. */
async function states() {
  const ok = async () => ({ ok: true as const });
  const fresh = createAnswerStore(traceDraft(), ok);
  const streaming = createAnswerStore(traceDraft({ answer: { ...traceDraft().answer, complete: false } }), ok);
  const given = storedAnswer(ok);
  await rate(given, 'overall', 1);
  await rate(given, 'answer', -1);
  const failing = storedAnswer(async () => ({ ok: false as const, message: 'quota exceeded' }));
  await rate(failing, 'overall', 1);
  const kept = storedAnswer(async () => ({ ok: false as const, kept: true, message: 'Not saved: storage is full' }));
  await rate(kept, 'overall', -1);
  // The trace itself could not be stored (a full store): feedback is taken with the draft's id, and held.
  const full = async () => ({
    ok: false as const,
    error: storageError(new DOMException('full', 'QuotaExceededError')),
  });
  const sender = createEventSender(full, { capture: full, setTimer: () => () => {} });
  const unrecorded = createAnswerStore(traceDraft(), sender.send, sender.unsaved);
  const draft = unrecorded.getState().trace;
  await sender.capture(draft, () => {});
  unrecorded.getState().setTrace(draft, draft.id);
  const unrecordedFresh = unrecorded.getState();
  await rate(unrecorded, 'answer', 1);
  const noSources = createAnswerStore(traceDraft({ sources: [], readPaths: { answer: 'exact', sources: 'none' } }), ok);
  const base = traceDraft();
  const shortReply = createAnswerStore(
    traceDraft({ sources: [], subqueries: [], answer: { ...base.answer, text: 'はい', sentences: [] } }),
    ok,
  );
  const subqueries = createAnswerStore(
    traceDraft({ subqueries: [{ id: 'q0', text: 'coffee health effects', position: 0, origin: 'shown' }] }),
    ok,
  );
  return {
    'the page shows its sub-queries': subqueries.getState(),
    'a short reply, compact': shortReply.getState(),
    'sources could not be read': noSources.getState(),
    'answer not recorded yet': unrecordedFresh,
    'answer not recorded yet, a thumb kept': unrecorded.getState(),
    'kept unsaved, with a retry': kept.getState(),
    'not yet stored': fresh.getState(),
    'still streaming': streaming.getState(),
    'two thumbs given': given.getState(),
    'not saved': failing.getState(),
  };
}

describe('the strip drawn without Preact', () => {
  it('is node for node what the Preact strip renders, in every state before a panel opens', async () => {
    const all = await states();
    expect(all['two thumbs given'].history).toHaveLength(2);
    expect(all['not saved'].status.kind).toBe('error');
    expect(all['kept unsaved, with a retry'].status.kind).toBe('unsaved');
    expect(stripMarkup(all['kept unsaved, with a retry'])).toContain('"Retry saving"');
    expect(all['answer not recorded yet'].status.message).toMatch(/this answer could not be recorded yet/);
    expect(stripMarkup(all['answer not recorded yet'])).toContain('"Retry saving"');
    // Its thumbs take feedback (they are disabled only while the first capture is in flight).
    expect(stripMarkup(all['answer not recorded yet'])).not.toMatch(/<button aria-label="Overall: good"[^>]*disabled/);
    expect(stripMarkup(all['not yet stored'])).toMatch(/<button aria-label="Overall: good"[^>]*disabled/);
    expect(all['answer not recorded yet, a thumb kept'].status.message).toMatch(/1 change kept/);
    for (const [name, state] of Object.entries(all)) {
      expect(firstFrame(state), name).toBe(stripMarkup(state));
    }
    // A short reply starts compact: the same nodes, marked so that only the whole answer's thumbs and "More" show.
    expect(stripMarkup(all['a short reply, compact'])).toContain('data-compact="true"');
    expect(stripMarkup(all['not yet stored'])).not.toContain('data-compact');
    // Sources that could not be read: a sentence, and no Sources controls to press.
    const unread = stripMarkup(all['sources could not be read']);
    expect(unread).toContain('"Sources could not be read here"');
    const sourcesControls = '<fieldset class="stage" data-stage="retrieval">';
    expect(unread).not.toContain(sourcesControls);
    expect(unread).not.toContain('Sources: good');
    expect(stripMarkup(all['not yet stored'])).toContain(sourcesControls);
    expect(stripMarkup(all['not yet stored'])).toContain('Sources: good');
  });

  it('names the first stage for what the page has: its sub-queries, or whether it covered what the user needed', async () => {
    const { 'the page shows its sub-queries': shown, 'not yet stored': coverage } = await states();
    expect(stripMarkup(shown)).toContain('"Sub-queries"');
    expect(stripMarkup(shown)).toContain('aria-label="Sub-queries: good"');
    expect(stripMarkup(coverage)).toContain('"Coverage"');
    expect(stripMarkup(coverage)).toContain('aria-label="Coverage: bad"');
    expect(stripMarkup(coverage)).not.toMatch(/Decomposition|Sub-queries/);
    // Sub-queries the site's data gives after the first frame rename it in place.
    expect(firstFrame(coverage, shown)).toBe(stripMarkup(shown));
    expect(firstFrame(shown, coverage)).toBe(stripMarkup(coverage));
  });

  it('swaps a stage’s controls for its sentence when a later reading finds the part missing, and back', async () => {
    const { 'sources could not be read': unread, 'not yet stored': fresh } = await states();
    expect(firstFrame(fresh, unread)).toBe(stripMarkup(unread));
    expect(firstFrame(unread, fresh)).toBe(stripMarkup(fresh));
  });

  it('follows the store until Preact takes over: ready, streaming ended, feedback restored', async () => {
    const { 'still streaming': streaming, 'two thumbs given': given, 'not yet stored': fresh } = await states();
    expect(firstFrame(streaming, given)).toBe(stripMarkup(given));
    expect(firstFrame(given, streaming)).toBe(stripMarkup(streaming));
    expect(firstFrame(fresh, given)).not.toBe(firstFrame(fresh));
    const { 'kept unsaved, with a retry': kept } = await states();
    expect(firstFrame(given, kept)).toBe(stripMarkup(kept));
    expect(firstFrame(kept, given)).toBe(stripMarkup(given));
    const { 'answer not recorded yet': unrecorded, 'answer not recorded yet, a thumb kept': thumbKept } =
      await states();
    expect(firstFrame(fresh, unrecorded)).toBe(stripMarkup(unrecorded));
    expect(firstFrame(unrecorded, thumbKept)).toBe(stripMarkup(thumbKept));
  });

  it('marks an opened stage as the strip does, so Preact taking over into an open panel finds nothing stale', async () => {
    const { 'two thumbs given': given } = await states();
    const open: AnswerState = { ...given, openStage: 'retrieval' };
    // The panel's own contents are Preact's to draw: compare every line before the panel's container.
    const upToPanel = (shaped: string) => shaped.slice(0, shaped.indexOf('<div id="stageback-panel">'));
    expect(upToPanel(stripMarkup(open))).toContain('aria-expanded="true"');
    expect(upToPanel(firstFrame(given, open))).toBe(upToPanel(stripMarkup(open)));
    expect(firstFrame(given, open)).toContain('"Close Sources panel"');
  });

  it('sets page-supplied text as text, never as markup', () => {
    const state = createAnswerStore(traceDraft(), async () => ({ ok: true })).getState();
    const { document } = new JSDOM('<div id="c"></div>').window;
    const container = document.getElementById('c') as HTMLElement;
    const frame = drawStripFirstFrame(container, state);
    frame.update({ ...state, status: { kind: 'error', message: '<img src=x onerror=alert(1)>' } });
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('[data-testid="strip-status"]')?.textContent).toBe('<img src=x onerror=alert(1)>');
  });
});
