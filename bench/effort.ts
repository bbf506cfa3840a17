import { launchWithExtension } from '../tests/support/browser';
import { type Effort, effortOf, type Leg, pointerTravel } from './effort/klm';
import { loadPage, userEvents } from './effort/page-setup';
import { RUNS, type RunKind, STARTS_ON } from './effort/runs';
import { Session } from './effort/session';
import { type Figure, median } from './report';

/**
 * Issue #15, the effort of giving feedback: on three real saved pages (1,600 × 900 window), every source graded
 * 0–3, every (sentence, cited source) pair graded, one span labelled, the answer rated overall; three ways, each in
 * a fresh browser: by Tab and Enter alone (the baseline), by the panels' item keys, by the mouse (runs in
 * effort/runs.ts, counting and the Keystroke-Level Model in effort/klm.ts). Per label = over the labels the store
 * holds afterwards (events with origin 'user'), so a judgement that did not take costs the run, not the figure.
 */
const PAGES = [
  { name: 'Google', file: 'google/how_to_improve_sleep_google_ai.html' },
  { name: 'Perplexity', file: 'perplexity/AI_vs_machine_learning_perplexity.html' },
  { name: 'Bing', file: 'bing/AI_vs_machine_learning_bing_ai.html' },
] as const;

interface RunResult {
  effort: Effort;
  /** Labels the store holds afterwards (events with origin 'user'). */
  stored: number;
  travel: { total: number; legs: Leg[] };
  notes: string[];
}

/** One run in a fresh browser (so the store starts empty and no earlier grade is toggled off by the same key). */
async function runOnce(file: string, kind: RunKind): Promise<RunResult & { expected: number }> {
  const browser = await launchWithExtension();
  try {
    const loaded = await loadPage(browser, file);
    const session = new Session(loaded.page);
    await RUNS[kind](session, browser, loaded);
    const expected = loaded.sources + loaded.pairs + 2;
    let stored = 0;
    for (const deadline = Date.now() + 5_000; Date.now() < deadline; await loaded.page.waitForTimeout(200)) {
      stored = (await userEvents(browser)).length;
      if (stored >= expected) break;
    }
    return {
      effort: effortOf(session.steps, STARTS_ON[kind]),
      stored,
      expected,
      travel: pointerTravel(session.steps),
      notes: session.notes,
    };
  } finally {
    await browser.close();
  }
}

const perLabel = (runs: RunResult[], of: (r: RunResult) => number) =>
  runs.reduce((n, r) => n + of(r), 0) / runs.reduce((n, r) => n + r.stored, 0);
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

function figuresFor(name: string, by: Record<RunKind, RunResult[]>, note: string): Figure[] {
  const actions = (k: RunKind) => round(perLabel(by[k], (r) => r.effort.actions));
  const seconds = (k: RunKind) => round(perLabel(by[k], (r) => r.effort.seconds));
  const tab = { name: 'Tab baseline', value: actions('tab') };
  const tabSeconds = { name: 'Tab baseline', value: seconds('tab') };
  const legs = by.mouse.flatMap((r) => r.travel.legs);
  const px = legs.map((l) => l.px);
  const within = legs.filter((l) => l.from === l.to).map((l) => l.px);
  const across = new Map<string, number>();
  for (const l of legs.filter((l) => l.from !== l.to)) {
    const key = `${l.from}→${l.to}`;
    across.set(key, Math.max(across.get(key) ?? 0, Math.round(l.px)));
  }
  return [
    {
      name: `${name}: keyboard actions per stored label, item keys`,
      value: actions('itemKeys'),
      unit: 'actions',
      baseline: tab,
      target: { ratio: 0.5, atLeast: false },
      note,
    },
    { name: `${name}: mouse actions per stored label`, value: actions('mouse'), unit: 'actions', baseline: tab },
    { name: `${name}: KLM time per label, item keys`, value: seconds('itemKeys'), unit: 's', baseline: tabSeconds },
    { name: `${name}: KLM time per label, mouse`, value: seconds('mouse'), unit: 's', baseline: tabSeconds },
    {
      name: `${name}: mouse travel between consecutive judgements, max`,
      value: Math.round(Math.max(...px)),
      unit: 'px',
      target: { max: 300 },
      note: `median ${Math.round(median(px))} px, ${px.filter((d) => d > 300).length} of ${px.length} over 300 px; between stages: ${[...across].map(([k, v]) => `${k} ${v}`).join(', ')}; whole path ${Math.round(by.mouse.reduce((n, r) => n + r.travel.total, 0))} px`,
    },
    {
      name: `${name}: mouse travel between judgements in one panel (source→source, pair→pair), max`,
      value: Math.round(Math.max(...within)),
      unit: 'px',
      target: { max: 300 },
      note: `median ${Math.round(median(within))} px, ${within.filter((d) => d > 300).length} of ${within.length} over 300 px`,
    },
  ];
}

export async function benchEffort(): Promise<Figure[]> {
  const all: Record<RunKind, RunResult[]> = { tab: [], itemKeys: [], mouse: [] };
  const figures: Figure[] = [];
  for (const { name, file } of PAGES) {
    const by: Record<RunKind, RunResult[]> = { tab: [], itemKeys: [], mouse: [] };
    const seen: string[] = [];
    for (const kind of Object.keys(RUNS) as RunKind[]) {
      const result = await runOnce(file, kind);
      by[kind].push(result);
      all[kind].push(result);
      seen.push(
        `${kind} ${result.stored}/${result.expected} stored, ${JSON.stringify(result.effort.operators)}${result.notes.map((n) => `, ${n}`).join('')}`,
      );
    }
    figures.push(...figuresFor(name, by, seen.join('; ')));
  }
  figures.push(...figuresFor('All three pages', all, 'labels summed over the pages'));
  return figures;
}
