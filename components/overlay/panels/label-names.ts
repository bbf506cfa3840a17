/**
 * The words for label, grade and importance values, read at render time: the stored values stay as they are
 * (`wrong_order`, 2, `vital`); only what the person reads is translated. Shared with the span toolbar and the
 * citation card.
 */
import type { NUGGET_IMPORTANCE } from '../../../storage/labels';
import { type MessageKey, t } from '../../../utils/i18n';

// Label and grade names are the log's and the strip's too: one set of messages, in utils/describe-event.ts.
export { labelName, relevanceName } from '../../../utils/describe-event';

const IMPORTANCE_NAMES = {
  vital: 'panelsImportanceVital',
  okay: 'panelsImportanceOkay',
} as const satisfies Record<(typeof NUGGET_IMPORTANCE)[number], MessageKey>;

export const importanceName = (importance: (typeof NUGGET_IMPORTANCE)[number]): string =>
  t(IMPORTANCE_NAMES[importance]);
