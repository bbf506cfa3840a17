import type { Stage } from '../../storage/labels';
import { KEYS_HELP_KEY, keysHelpLabel } from './keys-help';
import { isCompact } from './short-turn';
import { stagesFor } from './stages';
import { type AnswerState, controlKey, countGiven } from './state/answer-store';
import {
  moreText,
  moreTitle,
  openerLabel,
  openerTitle,
  PANEL_ID,
  REFINE_KEY,
  refineText,
  refineTitle,
  reportText,
  reportTitle,
  retryText,
  saidText,
  streamingText,
  stripLabel,
  THUMB_PATH,
  thumbLabel,
  undoText,
} from './strip-text';
import { unreadText } from './unread-stages';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface StripFirstFrame {
  /** Brings the frame up to date with the store, until Preact takes over. */
  update(state: AnswerState): void;
}

type Attrs = Record<string, string>;

function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Attrs,
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = setAttributes(doc.createElement(tag), attrs);
  node.append(...children);
  return node;
}

function setAttributes<E extends Element>(node: E, attrs: Attrs): E {
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

function thumbIcon(doc: Document, down: boolean): SVGSVGElement {
  const svg = setAttributes(doc.createElementNS(SVG_NS, 'svg'), {
    width: '16',
    height: '16',
    viewBox: '0 0 24 24',
    'aria-hidden': 'true',
    focusable: 'false',
  });
  if (down) svg.style.transform = 'rotate(180deg)';
  svg.append(setAttributes(doc.createElementNS(SVG_NS, 'path'), { fill: 'currentColor', d: THUMB_PATH }));
  return svg;
}

/**
 * The strip as `<Strip />` renders it with no panel open, drawn with the DOM API alone. Preact's code runs cold
 * on every page, and its first render was a quarter of what the overlay costs a page with an answer; so the
 * strip appears this way, and Preact hydrates these very nodes when the user first points at, focuses or clicks
 * it. Hydration does not compare attributes, so this must be exactly the strip's markup for the same state:
 * tests/unit/strip-first-frame.test.tsx holds it to that. Text is only ever set as text.
 */
export function drawStripFirstFrame(container: HTMLElement, state: AnswerState): StripFirstFrame {
  const doc = container.ownerDocument;
  const brand = el(doc, 'span', { class: 'brand' }, 'Stageback');
  const streaming = el(doc, 'span', { class: 'streaming', 'data-testid': 'streaming' }, streamingText());
  const thumbs: { stage: Stage; key: string; score: 1 | -1; button: HTMLButtonElement }[] = [];
  const openers: { stage: Stage; button: HTMLButtonElement }[] = [];
  const legends: { stage: Stage; legend: HTMLLegendElement }[] = [];
  // A stage whose part could not be read shows a sentence in place of its controls (swapped in `update`).
  const unreadSwaps: { stage: Stage; fieldset: HTMLFieldSetElement; unread: HTMLParagraphElement }[] = [];
  const fieldsets = stagesFor(state.trace).map(({ stage, name, hint }) => {
    const key = controlKey(stage, 'stage', 'thumbs');
    const thumb = (score: 1 | -1) => {
      const label = thumbLabel(name, score === 1);
      const button = el(
        doc,
        'button',
        { type: 'button', 'aria-label': label, title: label },
        thumbIcon(doc, score === -1),
      );
      thumbs.push({ stage, key, score, button });
      return button;
    };
    const opener = el(
      doc,
      'button',
      {
        type: 'button',
        class: 'open',
        'data-opens': stage,
        'aria-controls': PANEL_ID,
        title: openerTitle(name, hint),
      },
      el(doc, 'span', { class: 'visually-hidden' }),
      el(doc, 'span', { 'aria-hidden': 'true' }),
    );
    openers.push({ stage, button: opener });
    const legend = el(doc, 'legend', { class: 'stage-name' }, name);
    legends.push({ stage, legend });
    const fieldset = el(doc, 'fieldset', { class: 'stage', 'data-stage': stage }, legend, thumb(1), thumb(-1), opener);
    unreadSwaps.push({ stage, fieldset, unread: el(doc, 'p', { class: 'unread', 'data-stage': stage }) });
    return fieldset;
  });
  // Clicking it hands the strip to Preact, whose handler opens the bar out.
  const more = el(
    doc,
    'button',
    { type: 'button', class: 'more', 'aria-expanded': 'false', title: moreTitle() },
    moreText(),
  );
  const said = el(doc, 'span', { class: 'said', 'data-testid': 'said-count' });
  const undo = el(doc, 'button', { type: 'button' }, undoText());
  const refine = el(
    doc,
    'button',
    {
      type: 'button',
      class: 'refine',
      'data-opens': 'refine',
      'aria-controls': PANEL_ID,
      'aria-keyshortcuts': REFINE_KEY,
      title: refineTitle(),
    },
    refineText(),
  );
  const report = el(doc, 'button', { type: 'button', class: 'report', title: reportTitle() }, reportText());
  const keys = el(
    doc,
    'button',
    {
      type: 'button',
      class: 'keys',
      'aria-label': keysHelpLabel(),
      title: keysHelpLabel(),
      'aria-keyshortcuts': KEYS_HELP_KEY,
      'aria-expanded': 'false',
    },
    '?',
  );
  const status = el(doc, 'span', { role: 'status', 'data-testid': 'strip-status' });
  const announce = el(doc, 'span', {
    class: 'visually-hidden',
    'aria-live': 'polite',
    'data-testid': 'strip-announce',
  });
  // Shown only while feedback is kept unsaved; a click on it hands the strip to Preact, which runs the retry.
  const retry = el(doc, 'button', { type: 'button', class: 'retry' }, retryText());
  const bar = el(
    doc,
    'div',
    { class: 'bar' },
    brand,
    keys,
    ...fieldsets,
    more,
    said,
    undo,
    refine,
    report,
    status,
    announce,
  );
  const section = el(
    doc,
    'section',
    { class: 'strip', 'aria-label': stripLabel(), 'data-testid': 'stageback-strip' },
    bar,
    el(doc, 'div', { id: PANEL_ID }),
  );
  container.append(section);

  const update = (s: AnswerState) => {
    // A stage's name follows what the page has (sub-queries may come with the site's data after the first frame).
    const stages = new Map(stagesFor(s.trace).map((ui) => [ui.stage, ui]));
    const nameOf = (stage: Stage) => stages.get(stage)?.name ?? stage;
    for (const { stage, legend } of legends) legend.textContent = nameOf(stage);
    if (isCompact(s)) section.setAttribute('data-compact', 'true');
    else section.removeAttribute('data-compact');
    for (const { stage, fieldset, unread } of unreadSwaps) {
      const text = unreadText(s.trace, stage);
      if (text) {
        unread.textContent = text;
        if (fieldset.isConnected) fieldset.replaceWith(unread);
      } else if (unread.isConnected) unread.replaceWith(fieldset);
    }
    if (s.trace.answer.complete) streaming.remove();
    else if (!streaming.isConnected) keys.after(streaming);
    for (const { stage, key, score, button } of thumbs) {
      const label = thumbLabel(nameOf(stage), score === 1);
      button.setAttribute('aria-label', label);
      button.setAttribute('title', label);
      const given = s.given[key];
      const pressed = given?.kind === 'rating' && given.value.score === score;
      button.setAttribute('aria-pressed', String(pressed));
      button.disabled = s.traceId === null;
    }
    // No panel is drawn here: a panel opening hands the strip to Preact, which draws it into this state.
    for (const { stage, button } of openers) {
      const open = s.openStage === stage;
      const name = nameOf(stage);
      button.setAttribute('aria-expanded', String(open));
      button.setAttribute('title', openerTitle(name, stages.get(stage)?.hint ?? ''));
      const [label, arrow] = button.children;
      if (label) label.textContent = openerLabel(name, open);
      if (arrow) arrow.textContent = open ? '▴' : '▾';
    }
    said.textContent = saidText(countGiven(s.given));
    undo.disabled = s.history.length === 0;
    refine.setAttribute('aria-expanded', String(s.openStage === 'refine'));
    refine.disabled = s.traceId === null;
    status.className = `status ${s.status.kind}`;
    status.textContent = s.status.message;
    announce.textContent = s.announced;
    if (s.status.kind !== 'unsaved') retry.remove();
    else if (!retry.isConnected) announce.after(retry);
  };
  update(state);
  return { update };
}
