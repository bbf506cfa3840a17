/**
 * The page is hostile: its scripts can dispatch any DOM event, at our shadow hosts or at the document, and
 * a script-made event reaches our listeners like one the user made. Only the browser sets `isTrusted`
 * (real input, and what the browser derives from it: the click of Enter on a button, a select's change).
 */

/**
 * Every kind of input the extension's UI acts on. Focus and hover are left alone: moving focus records
 * nothing, and the extension moves focus itself (the focus-strip command), which is a script-made event.
 */
export const INPUT_EVENTS = [
  'click',
  'dblclick',
  'auxclick',
  'contextmenu',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'keydown',
  'keyup',
  'keypress',
  'beforeinput',
  'input',
  'change',
  'submit',
  'reset',
  'paste',
  'cut',
  'drop',
] as const;

/**
 * Stops script-made input at the shadow root, in the capture phase, before any listener inside it (the
 * first frame's hand-over to Preact, Preact's own listeners on the elements) sees it. Closed shadow roots
 * keep page scripts from reaching the elements; this also refuses input that any other script makes there.
 */
export function refuseUntrustedInput(root: ShadowRoot): void {
  const refuse = (event: Event) => {
    if (event.isTrusted) return;
    event.stopImmediatePropagation();
    event.preventDefault();
  };
  for (const type of INPUT_EVENTS) root.addEventListener(type, refuse, { capture: true });
}

/** A listener that runs only for events the browser made (real input, real navigation, real copies). */
export function trusted<E extends Event>(listener: (event: E) => void): (event: E) => void {
  return (event) => {
    if (event.isTrusted) listener(event);
  };
}
