/**
 * The arithmetic of the effort bench, kept pure so a unit test can check it (tests/unit/bench-effort.test.ts).
 *
 * A run is a list of the user's steps. Actions: a click is 1, a key press is 1 per key held (Alt+Shift+L is 3), a
 * text-selection drag is 1, a scroll the pointer needs before it can reach a control is 1.
 *
 * Keystroke-Level Model (Card, Moran & Newell), per step:
 * - key: K per key of the chord (Tab 1 K, Shift+Tab 2 K, Alt+Shift+L 3 K);
 * - click: P to point at the control, K for the button press;
 * - drag (selecting a span with the mouse): P to the span's start, K to press, P along the span to its end (the
 *   release is part of that movement);
 * - scroll: K, one wheel gesture;
 * - H before any step whose device (keyboard or mouse) is not the one the hand is on;
 * - M before every step that starts a judgement (deciding a grade, choosing the span to label).
 */

export const KLM = { K: 0.28, P: 1.1, H: 0.4, M: 1.35 } as const;

export type Device = 'keyboard' | 'mouse';

export interface Point {
  x: number;
  y: number;
}

/** What a label-storing step judges. */
export type Judged = 'source' | 'pair' | 'span' | 'overall';

/** `think`: an M comes first (a decision); `label`: the step stores a label (what it judges). */
export type Step =
  | { op: 'key'; keys: number; think?: boolean; label?: Judged }
  | { op: 'click'; at: Point; think?: boolean; label?: Judged }
  | { op: 'drag'; from: Point; to: Point; think?: boolean; label?: Judged }
  | { op: 'scroll' };

/** Which hand the step needs. */
const deviceOf = (step: Step): Device => (step.op === 'key' ? 'keyboard' : 'mouse');

export interface Effort {
  actions: number;
  /** Steps that store a label (a judgement given). */
  labels: number;
  seconds: number;
  operators: { K: number; P: number; H: number; M: number };
}

export function effortOf(steps: readonly Step[], startOn: Device): Effort {
  const operators = { K: 0, P: 0, H: 0, M: 0 };
  let actions = 0;
  let labels = 0;
  let hand = startOn;
  for (const step of steps) {
    if (deviceOf(step) !== hand) {
      operators.H++;
      hand = deviceOf(step);
    }
    if (step.op !== 'scroll') {
      if (step.think) operators.M++;
      if (step.label) labels++;
    }
    if (step.op === 'key') {
      actions += step.keys;
      operators.K += step.keys;
    } else if (step.op === 'click') {
      actions++;
      operators.P++;
      operators.K++;
    } else if (step.op === 'drag') {
      actions++;
      operators.P += 2;
      operators.K++;
    } else {
      actions++;
      operators.K++;
    }
  }
  const seconds = operators.K * KLM.K + operators.P * KLM.P + operators.H * KLM.H + operators.M * KLM.M;
  return { actions, labels, seconds, operators };
}

const distance = (a: Point, b: Point) => Math.hypot(b.x - a.x, b.y - a.y);

export interface Leg {
  from: Judged;
  to: Judged;
  px: number;
}

/**
 * Pointer travel in CSS px along the mouse's path (the centre of each clicked control, a drag's start and end):
 * the whole path, and each leg from one label-storing control to the next (through any clicks between them, e.g.
 * a panel's opener).
 */
export function pointerTravel(steps: readonly Step[]): { total: number; legs: Leg[] } {
  let total = 0;
  let leg: { from: Judged; px: number } | null = null;
  let at: Point | null = null;
  const legs: Leg[] = [];
  const moveTo = (p: Point) => {
    const d = at ? distance(at, p) : 0;
    total += d;
    if (leg) leg.px += d;
    at = p;
  };
  for (const step of steps) {
    if (step.op === 'click') moveTo(step.at);
    else if (step.op === 'drag') {
      moveTo(step.from);
      moveTo(step.to);
    } else continue;
    if (step.label) {
      if (leg) legs.push({ from: leg.from, to: step.label, px: leg.px });
      leg = { from: step.label, px: 0 };
    }
  }
  return { total, legs };
}
