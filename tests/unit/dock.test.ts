import { describe, expect, it } from 'vitest';
import { DOCK, dockPlace, pageArea } from '../../components/overlay/dock';

const view = { width: 1280, height: 720 };

describe('where the open panel floats so the answer stays in view', () => {
  it('goes beside the answer column, right first, never over it', () => {
    // Google's results column: 180–832 px.
    const right = dockPlace({ left: 180, right: 832, top: 200 }, view);
    expect(right).toMatchObject({ side: 'right', left: 848, top: 200, width: 1280 - 832 - 2 * DOCK.gap });
    expect((right?.left ?? 0) + (right?.width ?? 0)).toBeLessThanOrEqual(view.width);
    // A column on the right of the window: the panel goes to its left, ending a gap before it.
    const left = dockPlace({ left: 600, right: 1260, top: 40 }, view);
    expect(left).toMatchObject({ side: 'left' });
    expect((left?.left ?? 0) + (left?.width ?? 0)).toBe(600 - DOCK.gap);
    expect(left?.left).toBeGreaterThanOrEqual(0);
  });

  it('keeps to the window: level with the strip, never below a third of the way down, as tall as is left', () => {
    expect(dockPlace({ left: 180, right: 832, top: -900 }, view)).toMatchObject({ top: DOCK.gap });
    const low = dockPlace({ left: 180, right: 832, top: 650 }, view);
    expect(low?.top).toBe(216);
    expect((low?.top ?? 0) + (low?.height ?? 0)).toBe(view.height - DOCK.gap);
  });

  it('takes the bottom of the window under a centred column with no room beside it, and leaves the top to the page', () => {
    const sheet = dockPlace({ left: 260, right: 1028, top: 120 }, view);
    expect(sheet).toMatchObject({ side: 'bottom', left: 260, width: 768 });
    expect(sheet?.height).toBe(Math.round(view.height * DOCK.sheetShare));
    expect(pageArea(sheet, view.height)).toEqual({ top: 0, bottom: sheet?.top });
    expect(pageArea(dockPlace({ left: 180, right: 832, top: 0 }, view), view.height).bottom).toBe(view.height);
  });

  it('opens in place in a small window', () => {
    expect(dockPlace({ left: 0, right: 400, top: 0 }, { width: 420, height: 700 })).toBeNull();
    expect(dockPlace({ left: 0, right: 400, top: 0 }, { width: 1280, height: 400 })).toBeNull();
  });
});
