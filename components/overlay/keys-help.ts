import { type MessageKey, t } from '../../utils/i18n';
import { REFINE_KEY } from './strip-text';

/** The strip's key for the list of keys. */
export const KEYS_HELP_KEY = '?';
export const keysHelpLabel = () => t('stripKeysButton', KEYS_HELP_KEY);

/** Every key Stageback answers to, by where the focus is (key names are not translated; what they do is). */
const KEYS_HELP: { where: MessageKey; keys: [key: string, what: MessageKey][] }[] = [
  {
    where: 'stripKeysWhereAnywhere',
    keys: [
      ['Alt+Shift+S', 'stripKeyFocusStrip'],
      ['Alt+Shift+F', 'stripKeyFeedbackOnSelection'],
    ],
  },
  {
    where: 'stripKeysWhereInStrip',
    keys: [
      [REFINE_KEY, 'stripKeyRefine'],
      ['Esc', 'stripKeyClosePanel'],
      [KEYS_HELP_KEY, 'stripKeyToggleList'],
    ],
  },
  {
    where: 'stripKeysWhereOnSource',
    keys: [
      ['0 1 2 3', 'stripKeyGrade'],
      ['J / K', 'stripKeyNextSource'],
      ['U', 'stripKeyUndo'],
    ],
  },
  {
    where: 'stripKeysWhereOnPair',
    keys: [
      ['S', 'stripKeySupports'],
      ['P', 'stripKeyPartially'],
      ['N', 'stripKeyDoesNotSupport'],
      ['J / K', 'stripKeyNextPair'],
      ['U', 'stripKeyUndo'],
    ],
  },
  {
    where: 'stripKeysWhereOnSuggestion',
    keys: [
      ['Y', 'stripKeyYes'],
      ['N', 'stripKeyNo'],
    ],
  },
  {
    where: 'stripKeysWhereOnPage',
    keys: [
      ['0–3, S P N', 'stripKeyOnLink'],
      ['Alt+Shift+L', 'stripKeyIntoCard'],
      ['Esc', 'stripKeyCloseCard'],
    ],
  },
];

/** The list of keys in the user's language. */
export function keysHelp(): { where: string; keys: [key: string, what: string][] }[] {
  return KEYS_HELP.map(({ where, keys }) => ({ where: t(where), keys: keys.map(([key, what]) => [key, t(what)]) }));
}
