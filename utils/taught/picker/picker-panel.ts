/** The picker's own UI, built with the DOM API inside its closed shadow root (never from page text as HTML). */
import { t } from '../../i18n';

export const PICKER_TAG = 'stageback-picker';

const CSS = `
:host { all: initial; }
.box { position: fixed; pointer-events: none; z-index: 2147483646; border-radius: 4px; display: none; }
.box.candidate { outline: 3px solid #1a56db; background: rgba(26, 86, 219, 0.10); }
.box.answer { outline: 3px dashed #0e7a3d; background: rgba(14, 122, 61, 0.08); }
.panel { position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; max-width: 380px; box-sizing: border-box;
  padding: 14px 16px; border-radius: 10px; background: #fff; color: #1b1b1f; border: 1px solid #8a8a96;
  box-shadow: 0 6px 24px rgba(0,0,0,.25); font: 14px/1.45 system-ui, sans-serif; }
.panel h2 { font-size: 15px; margin: 0 0 6px; }
.panel p { margin: 0 0 8px; }
.panel .hint { color: #4a4a55; font-size: 13px; }
.panel .found { color: #0e5a2f; }
.panel .problem { color: #a4161a; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
button { font: inherit; min-height: 32px; padding: 4px 12px; border-radius: 6px; border: 1px solid #6b6b78;
  background: #f4f4f7; color: #1b1b1f; cursor: pointer; }
button.primary { background: #1a56db; border-color: #1a56db; color: #fff; }
button:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
button[hidden] { display: none; }
`;

export interface PickerPanel {
  candidateBox: HTMLElement;
  answerBox: HTMLElement;
  panel: HTMLElement;
  title: HTMLElement;
  step: HTMLElement;
  found: HTMLElement;
  hint: HTMLElement;
  buttons: Record<'choose' | 'noSources' | 'save' | 'again' | 'cancel', HTMLButtonElement>;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  attrs: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

export function buildPanel(root: ShadowRoot): PickerPanel {
  const style = el('style', { textContent: CSS });
  const candidateBox = el('div', { className: 'box candidate' });
  const answerBox = el('div', { className: 'box answer' });
  const panel = el('div', { className: 'panel' }, { role: 'dialog', 'aria-labelledby': 'sb-picker-title' });
  const title = el('h2', { id: 'sb-picker-title', textContent: t('bgPickerTitle') });
  const step = el('p', {}, { 'aria-live': 'polite', 'data-testid': 'picker-step' });
  const found = el('p', { className: 'found' }, { 'data-testid': 'picker-found' });
  const hint = el('p', {
    className: 'hint',
    textContent: t('bgPickerHint'),
  });
  const button = (text: string, primary = false) =>
    el('button', { type: 'button', textContent: text, className: primary ? 'primary' : '' });
  const buttons = {
    choose: button(t('bgPickerChoose'), true),
    noSources: button(t('bgPickerNoSources')),
    save: button(t('bgPickerSave'), true),
    again: button(t('bgPickerAgain')),
    cancel: button(t('bgPickerCancel')),
  };
  const actions = el('div', { className: 'actions' });
  actions.append(buttons.choose, buttons.noSources, buttons.save, buttons.again, buttons.cancel);
  panel.append(title, step, found, hint, actions);
  root.append(style, candidateBox, answerBox, panel);
  return { candidateBox, answerBox, panel, title, step, found, hint, buttons };
}

/** Draws `box` over `target` (viewport coordinates; the boxes are fixed). */
export function frame(box: HTMLElement, target: Element | null): void {
  if (!target) {
    box.style.display = 'none';
    return;
  }
  const r = target.getBoundingClientRect();
  Object.assign(box.style, {
    display: 'block',
    left: `${r.left - 2}px`,
    top: `${r.top - 2}px`,
    width: `${r.width + 4}px`,
    height: `${r.height + 4}px`,
  });
}
