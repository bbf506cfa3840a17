import { REFINE_KEY } from './strip-text';

/** The strip's key for the list of keys. */
export const KEYS_HELP_KEY = '?';
export const KEYS_HELP_LABEL = 'Keyboard keys (?)';

/** Every key Stageback answers to, by where the focus is. */
export const KEYS_HELP: { where: string; keys: [key: string, what: string][] }[] = [
  {
    where: 'Anywhere on the page',
    keys: [
      ['Alt+Shift+S', 'move to the Stageback strip (change it in the browser’s extension shortcuts)'],
      ['Alt+Shift+F', 'give feedback on the answer you selected, on any site'],
    ],
  },
  {
    where: 'In the strip',
    keys: [
      [REFINE_KEY, 'refine: search again with your feedback'],
      ['Esc', 'close the open panel'],
      [KEYS_HELP_KEY, 'show or hide this list'],
    ],
  },
  {
    where: 'On a source (Sources panel)',
    keys: [
      ['0 1 2 3', 'grade it: irrelevant, related, highly relevant, perfectly relevant'],
      ['J / K', 'next / previous source'],
      ['U', 'undo the last change'],
    ],
  },
  {
    where: 'On a sentence and its source (Answer panel)',
    keys: [
      ['S', 'the source supports the sentence'],
      ['P', 'partially supports it'],
      ['N', 'does not support it'],
      ['J / K', 'next / previous pair'],
      ['U', 'undo the last change'],
    ],
  },
  {
    where: 'On a suggestion',
    keys: [
      ['Y', 'yes, record it as yours'],
      ['N', 'no'],
    ],
  },
  {
    where: 'On the page',
    keys: [
      [
        '0–3, S P N',
        'with one of the answer’s citation links focused: grade its source, or its support of the sentence',
      ],
      ['Alt+Shift+L', 'into the card at a citation link, or the toolbar at selected text'],
      ['Esc', 'close the card or the toolbar'],
    ],
  },
];
