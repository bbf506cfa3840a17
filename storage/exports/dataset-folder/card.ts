import type { FormatOptionValues } from '../format';
import type { DatasetConfig, Feature } from './features';

export interface CardInput {
  configs: { config: DatasetConfig; rows: number; bytes: number }[];
  options: FormatOptionValues;
  exportedAt: string;
  schemaVersion: number;
  /** Whether redaction rules masked anything, in words (`e-mail addresses, phone numbers`), or ''. */
  redacted: string;
  /** The log page's filter when only part of the log was exported, else null. */
  filter: unknown;
}

export const LICENSES = [
  { value: 'other', label: 'Not chosen yet (decide before sharing)' },
  { value: 'cc-by-4.0', label: 'CC BY 4.0' },
  { value: 'cc-by-nc-4.0', label: 'CC BY-NC 4.0' },
  { value: 'cc0-1.0', label: 'CC0 1.0 (public domain)' },
] as const;

// JSON strings are YAML double-quoted scalars: every free value goes through it.
const q = (value: string) => JSON.stringify(value);

function featureYaml(feature: Feature, indent: string): string {
  const head = `${indent}- name: ${feature.name}\n`;
  if ('dtype' in feature) return `${head}${indent}  dtype: ${feature.dtype}\n`;
  if ('sequence' in feature) return `${head}${indent}  sequence: ${feature.sequence}\n`;
  if ('struct' in feature)
    return `${head}${indent}  struct:\n${feature.struct.map((f) => featureYaml(f, `${indent}  `)).join('')}`;
  return `${head}${indent}  list:\n${feature.list.map((f) => featureYaml(f, `${indent}  `)).join('')}`;
}

function sizeCategory(rows: number): string {
  if (rows < 1_000) return 'n<1K';
  if (rows < 10_000) return '1K<n<10K';
  if (rows < 100_000) return '10K<n<100K';
  if (rows < 1_000_000) return '100K<n<1M';
  return '1M<n<10M';
}

/** The dataset card: YAML front matter the Hub and `datasets` read (configs, features, splits, licence), then prose. */
export function datasetCard(input: CardInput): string {
  const { configs, options } = input;
  const license = String(options.license ?? 'other');
  const total = configs.reduce((n, c) => n + c.rows, 0);
  let yaml = '---\n';
  yaml += `pretty_name: ${q('Stageback feedback on AI search answers')}\n`;
  yaml += `license: ${license}\n`;
  if (license === 'other') yaml += `license_name: ${q('not-chosen')}\n`;
  yaml += 'annotations_creators:\n- other\n';
  yaml += 'language_creators:\n- machine-generated\n';
  yaml += 'source_datasets:\n- original\n';
  yaml += 'task_categories:\n- question-answering\n- text-generation\n';
  yaml += 'tags:\n- human-feedback\n- rag\n- preference\n- stageback\n';
  yaml += `size_categories:\n- ${sizeCategory(total)}\n`;
  yaml += 'configs:\n';
  for (const { config } of configs) {
    yaml += `- config_name: ${config.name}\n  data_files:\n  - split: train\n    path: ${config.path}\n`;
  }
  yaml += 'dataset_info:\n';
  for (const { config, rows, bytes } of configs) {
    yaml += `- config_name: ${config.name}\n  features:\n`;
    yaml += config
      .features(options)
      .map((f) => featureYaml(f, '  '))
      .join('');
    yaml += `  splits:\n  - name: train\n    num_bytes: ${bytes}\n    num_examples: ${rows}\n`;
  }
  yaml += 'provenance:\n';
  yaml += `  tool: ${q('Stageback browser extension')}\n`;
  yaml += `  exported_at: ${q(input.exportedAt)}\n`;
  yaml += `  schema_version: ${input.schemaVersion}\n`;
  yaml += `  judgements: ${q('the user’s own (origin user or shadow_confirmed), latest state')}\n`;
  yaml += `  redaction: ${q(input.redacted || 'none')}\n`;
  yaml += `  filter: ${input.filter ? q(JSON.stringify(input.filter)) : 'null'}\n`;
  yaml += `  sources_in_prompt: ${options.sources !== false}\n`;
  yaml += `  conversational: ${options.conversational === true}\n`;
  yaml += '---\n';

  const rowsList = configs.map(
    ({ config, rows }) => `- \`${config.name}\` (${rows} rows, \`${config.path}\`): ${config.about}`,
  );
  const body = [
    '# Stageback feedback on AI search answers',
    '',
    'Judgements one person gave, with the Stageback browser extension, on AI search answers (Google AI Overviews,',
    'Perplexity, Bing/Copilot, ChatGPT): ratings, source relevance grades, error spans, citation support grades and',
    'corrected answers. Every file is JSON Lines; each config has one `train` split.',
    '',
    ...(rowsList.length > 0 ? rowsList : ['No answer in this export had feedback these configs can use.']),
    '',
    '## Load',
    '',
    '```python',
    'from datasets import load_dataset',
    `ds = load_dataset("json", data_files={"train": "${configs[0]?.config.path ?? 'dpo/train.jsonl'}"})`,
    '# or, from this folder (or a Hub repository holding it), by config name:',
    `ds = load_dataset("path/to/this/folder", "${configs[0]?.config.name ?? 'dpo'}")`,
    '```',
    '',
    '## Provenance and licence',
    '',
    `Exported ${input.exportedAt} (Stageback data model v${input.schemaVersion}). Answers, source titles and snippets`,
    'are text of the sites they were captured from, under those sites’ terms; the judgements are the annotator’s.',
    license === 'other'
      ? 'No licence was chosen at export: decide one before sharing this dataset.'
      : `The exporter chose the licence \`${license}\` for it.`,
    input.redacted ? `Masked before export: ${input.redacted}.` : 'No redaction rules were on at export.',
    '',
  ];
  return `${yaml}\n${body.join('\n')}`;
}
