import { describe, expect, it } from 'vitest';
import { effortOf, KLM, pointerTravel, type Step } from '../../bench/effort/klm';

describe('the effort bench: actions and Keystroke-Level-Model time', () => {
  it('counts a click as one action with P + K, and a key per key held', () => {
    const steps: Step[] = [
      { op: 'click', at: { x: 0, y: 0 } },
      { op: 'key', keys: 1 },
      { op: 'key', keys: 3 }, // Alt+Shift+L
    ];
    const e = effortOf(steps, 'mouse');
    expect(e.actions).toBe(5);
    expect(e.operators).toEqual({ K: 5, P: 1, H: 1, M: 0 });
    expect(e.seconds).toBeCloseTo(5 * KLM.K + KLM.P + KLM.H, 10);
  });

  it('adds H only when the hand changes device, M only before a decision, and counts stored labels', () => {
    const steps: Step[] = [
      { op: 'key', keys: 1, think: true, label: 'source' },
      { op: 'key', keys: 1 },
      { op: 'drag', from: { x: 0, y: 0 }, to: { x: 10, y: 0 }, think: true },
      { op: 'click', at: { x: 10, y: 20 }, label: 'span' },
      { op: 'key', keys: 1, think: true, label: 'overall' },
    ];
    const e = effortOf(steps, 'keyboard');
    expect(e.operators).toEqual({ K: 5, P: 3, H: 2, M: 3 });
    expect(e.labels).toBe(3);
    expect(e.actions).toBe(5);
  });

  it('counts a scroll as one action without moving the pointer', () => {
    const e = effortOf([{ op: 'scroll' }], 'mouse');
    expect(e).toMatchObject({ actions: 1, operators: { K: 1, P: 0, H: 0, M: 0 } });
    expect(pointerTravel([{ op: 'scroll' }]).total).toBe(0);
  });
});

describe('the effort bench: pointer travel', () => {
  it('measures each leg from one judgement to the next through the clicks between them', () => {
    const steps: Step[] = [
      { op: 'click', at: { x: 0, y: 0 } }, // an opener: before the first judgement, in no leg
      { op: 'click', at: { x: 0, y: 100 }, label: 'source' },
      { op: 'click', at: { x: 30, y: 140 }, label: 'source' }, // 50 px
      { op: 'click', at: { x: 30, y: 0 } }, // the next panel's opener: 140 px
      { op: 'click', at: { x: 30, y: 60 }, label: 'pair' }, // + 60 px
      { op: 'drag', from: { x: 30, y: 360 }, to: { x: 70, y: 330 } }, // 300 + 50 px
      { op: 'click', at: { x: 70, y: 330 }, label: 'span' }, // 0 px
    ];
    const { total, legs } = pointerTravel(steps);
    expect(legs).toEqual([
      { from: 'source', to: 'source', px: 50 },
      { from: 'source', to: 'pair', px: 200 },
      { from: 'pair', to: 'span', px: 350 },
    ]);
    expect(total).toBe(100 + 50 + 140 + 60 + 350);
  });
});
