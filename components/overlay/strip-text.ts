/** What the strip says, shared by the Preact strip and its plain-DOM first frame so the two cannot drift. */

/** Each strip lives in its own shadow root, so one fixed id cannot collide. */
export const PANEL_ID = 'stageback-panel';

export const STRIP_LABEL = 'Stageback: feedback on this AI answer';
export const STREAMING_TEXT = 'Answer still loading…';

export const saidText = (said: number) => (said === 0 ? 'No feedback yet' : `Feedback given: ${said}`);
export const thumbLabel = (name: string, up: boolean) => `${name}: ${up ? 'good' : 'bad'}`;
export const openerLabel = (name: string, open: boolean) => `${open ? 'Close' : 'Open'} ${name} panel`;

export const THUMB_PATH =
  'M2 21h4V9H2v12zm20-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L13.17 1 6.59 7.59C6.22 7.95 6 8.45 6 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z';

/** The button offered while feedback on the page is kept unsaved (a full store). */
export const RETRY_TEXT = 'Retry saving';

/** The strip's "Refine" button: search again with this answer's feedback (one key: R, while the strip has focus). */
export const REFINE_TEXT = 'Refine';
export const REFINE_KEY = 'R';
export const REFINE_TITLE = 'Refine: search again with your feedback (key R)';

/** "Report this page": save the page's answer as a file, for a page Stageback reads wrongly. */
export const REPORT_TEXT = 'Report page';
export const REPORT_TITLE = 'Report this page: save its answer as a file, to show how Stageback reads it wrongly';

/** On a short turn's compact strip: shows every stage's controls. */
export const MORE_TEXT = 'More';
export const MORE_TITLE = 'A short reply: only the whole answer is offered. More shows every part';

/** The floating panel's close button (the strip's opener says "Close Sources panel"; this one is always there). */
export const DOCK_CLOSE_LABEL = 'Hide panel';
