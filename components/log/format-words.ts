import type { FormatDescriptor, FormatOption } from '../../storage/exports/format';
import type { FormatOptionsById } from '../../storage/exports/registry';
import { type MessageKey, t } from '../../utils/i18n';

/**
 * The export formats in the user's language. Their descriptors (storage/exports/formats/, dataset-folder/) keep
 * English, for tools and files; the log page reads what it shows through this map. Checked against the formats
 * themselves: a new format, option or choice without its messages here does not compile.
 */
type OptionWords<O> = { label: MessageKey } & (O extends { hint: string } ? { hint: MessageKey } : unknown) &
  (O extends { choices: readonly (infer C extends { value: string })[] }
    ? { choices: Record<C['value'], MessageKey> }
    : unknown);

type FormatWords<O> = { label: MessageKey; description: MessageKey } & ([O] extends [never]
  ? unknown
  : { options: { [Option in O & { id: string } as Option['id']]: OptionWords<Option> } });

const PREFERENCE_OPTIONS = {
  sources: { label: 'logFormatPromptSources', hint: 'logFormatPromptSourcesHint' },
  conversational: { label: 'logFormatChatMessages', hint: 'logFormatChatMessagesHint' },
} as const;
const UNCONFIRMED_OPTIONS = {
  unconfirmed: { label: 'logFormatUnconfirmed', hint: 'logFormatUnconfirmedHint' },
} as const;

export const FORMAT_WORDS = {
  jsonl: { label: 'logFormatJsonlLabel', description: 'logFormatJsonlDescription' },
  csv: {
    label: 'logFormatCsvLabel',
    description: 'logFormatCsvDescription',
    options: {
      formulaGuard: { label: 'logFormatCsvFormulaGuard', hint: 'logFormatCsvFormulaGuardHint' },
      bom: { label: 'logFormatCsvBom', hint: 'logFormatCsvBomHint' },
    },
  },
  'web-annotation': { label: 'logFormatWebAnnotationLabel', description: 'logFormatWebAnnotationDescription' },
  hypothesis: { label: 'logFormatHypothesisLabel', description: 'logFormatHypothesisDescription' },
  trec: { label: 'logFormatTrecLabel', description: 'logFormatTrecDescription', options: UNCONFIRMED_OPTIONS },
  dpo: { label: 'logFormatDpoLabel', description: 'logFormatDpoDescription', options: PREFERENCE_OPTIONS },
  kto: { label: 'logFormatKtoLabel', description: 'logFormatKtoDescription', options: PREFERENCE_OPTIONS },
  'fg-rlhf': { label: 'logFormatFgRlhfLabel', description: 'logFormatFgRlhfDescription', options: UNCONFIRMED_OPTIONS },
  'decomposition-pairs': {
    label: 'logFormatDecompositionPairsLabel',
    description: 'logFormatDecompositionPairsDescription',
  },
  'rag-eval': { label: 'logFormatRagEvalLabel', description: 'logFormatRagEvalDescription' },
  citations: { label: 'logFormatCitationsLabel', description: 'logFormatCitationsDescription' },
  'hf-dataset': {
    label: 'logFormatHfDatasetLabel',
    description: 'logFormatHfDatasetDescription',
    options: {
      sources: { label: 'logFormatHfDatasetSources', hint: 'logFormatHfDatasetSourcesHint' },
      conversational: { label: 'logFormatHfDatasetConversational', hint: 'logFormatHfDatasetConversationalHint' },
      license: {
        label: 'logFormatHfDatasetLicense',
        hint: 'logFormatHfDatasetLicenseHint',
        choices: {
          other: 'logFormatLicenseOther',
          'cc-by-4.0': 'logFormatLicenseCcBy',
          'cc-by-nc-4.0': 'logFormatLicenseCcByNc',
          'cc0-1.0': 'logFormatLicenseCc0',
        },
      },
    },
  },
} as const satisfies { [Id in keyof FormatOptionsById]: FormatWords<FormatOptionsById[Id]> };

interface LooseOptionWords {
  label: MessageKey;
  hint?: MessageKey;
  choices?: Readonly<Record<string, MessageKey>>;
}
interface LooseFormatWords {
  label: MessageKey;
  description: MessageKey;
  options?: Readonly<Record<string, LooseOptionWords>>;
}

/** The messages of a format by its id, as the page holds it (a plain string); undefined for an unknown id. */
export function wordsOf(formatId: string): LooseFormatWords | undefined {
  return Object.hasOwn(FORMAT_WORDS, formatId)
    ? (FORMAT_WORDS as Readonly<Record<string, LooseFormatWords>>)[formatId]
    : undefined;
}

const optionWords = (format: FormatDescriptor, option: FormatOption): LooseOptionWords | undefined => {
  const options = wordsOf(format.id)?.options;
  return options && Object.hasOwn(options, option.id) ? options[option.id] : undefined;
};

/** The format's name in the menu ("Spreadsheet (CSV)"); its English name should the map ever lack it. */
export const formatLabel = (format: FormatDescriptor): string => {
  const words = wordsOf(format.id);
  return words ? t(words.label) : format.label;
};

/** What the format is for, under the menu. */
export const formatDescription = (format: FormatDescriptor): string => {
  const words = wordsOf(format.id);
  return words ? t(words.description) : format.description;
};

/** An option's checkbox or menu label. */
export const optionLabel = (format: FormatDescriptor, option: FormatOption): string => {
  const words = optionWords(format, option);
  return words ? t(words.label) : option.label;
};

/** The explanation under an option, or undefined when it has none. */
export const optionHint = (format: FormatDescriptor, option: FormatOption): string | undefined => {
  if (option.hint === undefined) return undefined;
  const hint = optionWords(format, option)?.hint;
  return hint ? t(hint) : option.hint;
};

/** One entry of a choice option's menu. */
export const choiceLabel = (
  format: FormatDescriptor,
  option: FormatOption,
  choice: { value: string; label: string },
): string => {
  const choices = optionWords(format, option)?.choices;
  const key = choices && Object.hasOwn(choices, choice.value) ? choices[choice.value] : undefined;
  return key ? t(key) : choice.label;
};
