/**
 * What the strip says, shared by the Preact strip and its plain-DOM first frame so the two cannot drift. Words are
 * read when drawn (functions, never constants), from locales/<lang>/strip.json.
 */
import { t, tn } from '../../utils/i18n';

/** Each strip lives in its own shadow root, so one fixed id cannot collide. */
export const PANEL_ID = 'stageback-panel';

export const stripLabel = () => t('stripAccessibleName');
export const streamingText = () => t('stripStreaming');

export const saidText = (said: number) => (said === 0 ? t('stripSaidNone') : tn('stripSaid', said));
export const thumbLabel = (name: string, up: boolean) => (up ? t('stripThumbGood', name) : t('stripThumbBad', name));
export const openerLabel = (name: string, open: boolean) =>
  open ? t('stripClosePanel', name) : t('stripOpenPanel', name);
/** A stage opener's tooltip: its name, then what it is about. */
export const openerTitle = (name: string, hint: string) => t('stripStageTitle', name, hint);

export const THUMB_PATH =
  'M2 21h4V9H2v12zm20-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L13.17 1 6.59 7.59C6.22 7.95 6 8.45 6 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z';

export const undoText = () => t('stripUndo');

/** The button offered while feedback on the page is kept unsaved (a full store). */
export const retryText = () => t('stripRetry');

/** The strip's "Refine" button: search again with this answer's feedback (one key: R, while the strip has focus). */
export const refineText = () => t('stripRefine');
export const REFINE_KEY = 'R';
export const refineTitle = () => t('stripRefineTitle', REFINE_KEY);

/** "Report this page": save the page's answer as a file, for a page Stageback reads wrongly. */
export const reportText = () => t('stripReport');
export const reportTitle = () => t('stripReportTitle');

/** On a short turn's compact strip: shows every stage's controls. */
export const moreText = () => t('stripMore');
export const moreTitle = () => t('stripMoreTitle');

/** The floating panel's close button (the strip's opener says "Close Sources panel"; this one is always there). */
export const dockCloseLabel = () => t('stripDockClose');
export const dockCloseTitle = () => t('stripDockCloseTitle', 'Esc');
