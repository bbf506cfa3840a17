import type { FormatOptionValues } from '../format';

/** A Hugging Face `datasets` feature, as the dataset card's `dataset_info.features` spells it. */
export type Feature =
  | { name: string; dtype: 'string' | 'bool' | 'int64' }
  | { name: string; sequence: 'string' | 'int64' }
  | { name: string; list: { name: string; dtype: 'string' }[] }
  /** An object column; rows without it read as null. */
  | { name: string; struct: Feature[] };

const text = (name: string): Feature => ({ name, dtype: 'string' });
const texts = (name: string): Feature => ({ name, sequence: 'string' });
/** TRL's conversational column: a list of {content, role} messages (the card lists struct fields by name). */
const messages = (name: string): Feature => ({
  name,
  list: [
    { name: 'content', dtype: 'string' },
    { name: 'role', dtype: 'string' },
  ],
});

/** One config of the folder: a data file written by one of the export formats, and its columns. */
export interface DatasetConfig {
  name: string;
  formatId: string;
  path: string;
  /** What a row is, for the card. */
  about: string;
  features(options: FormatOptionValues): Feature[];
}

/** Where a refinement row came from ("Refine": the search re-run from the user's feedback); null on other rows. */
const dpoProvenance: Feature = {
  name: 'provenance',
  struct: [
    text('source'),
    text('original_trace_id'),
    text('refined_trace_id'),
    text('refinement_id'),
    text('comparison_id'),
    text('verdict'),
    text('refined_query'),
    text('engine'),
  ],
};
const queryProvenance: Feature = {
  name: 'provenance',
  struct: [text('source'), text('refinement_id'), text('engine'), texts('feedback_event_ids')],
};

const side = (options: FormatOptionValues, name: string) =>
  options.conversational === true ? messages(name) : text(name);

export const DATASET_CONFIGS: readonly DatasetConfig[] = [
  {
    name: 'dpo',
    formatId: 'dpo',
    path: 'dpo/train.jsonl',
    about:
      'TRL preference pairs: the corrected answer (chosen) over the site’s answer (rejected); a refined answer judged better (or worse) than the first, with its provenance.',
    features: (o) => [side(o, 'prompt'), side(o, 'chosen'), side(o, 'rejected'), dpoProvenance],
  },
  {
    name: 'kto',
    formatId: 'kto',
    path: 'kto/train.jsonl',
    about: 'TRL unpaired preference rows: the site’s answer labelled by thumbs, corrected answers labelled true.',
    features: (o) => [side(o, 'prompt'), side(o, 'completion'), { name: 'label', dtype: 'bool' }],
  },
  {
    name: 'rag_eval',
    formatId: 'rag-eval',
    path: 'rag_eval/train.jsonl',
    about: 'RAGAS / ARES rows: question, sources as contexts with 0–3 grades, answer, corrected answer.',
    features: () => [
      text('trace_id'),
      text('site_id'),
      text('question'),
      texts('contexts'),
      texts('context_urls'),
      { name: 'context_relevance', sequence: 'int64' },
      text('answer'),
      text('ground_truth'),
    ],
  },
  {
    name: 'citations',
    formatId: 'citations',
    path: 'citations/train.jsonl',
    about: 'ALCE-style rows: an answer sentence, the source it cites, and the support grade 2/1/0.',
    features: () => [
      text('trace_id'),
      text('site_id'),
      text('question'),
      text('sentence_id'),
      text('sentence'),
      text('source_url'),
      text('source_title'),
      text('source_text'),
      text('support'),
      { name: 'support_grade', dtype: 'int64' },
    ],
  },
  {
    name: 'decomposition',
    formatId: 'decomposition-pairs',
    path: 'decomposition/train.jsonl',
    about:
      'A query with the site’s sub-queries and the ones the user wanted; or a query and the refined query made from the user’s feedback, with its provenance.',
    features: () => [
      text('trace_id'),
      text('query'),
      texts('subqueries_original'),
      texts('subqueries_edited'),
      text('refined_query'),
      queryProvenance,
    ],
  },
];
