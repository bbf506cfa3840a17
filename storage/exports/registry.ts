import { hfDatasetFormat } from './dataset-folder';
import type { ExportFormat, FormatDescriptor } from './format';
import { citationsFormat } from './formats/citations';
import { csvFormat } from './formats/csv';
import { decompositionPairsFormat } from './formats/decomposition-pairs';
import { fgRlhfFormat } from './formats/fg-rlhf';
import { hypothesisFormat } from './formats/hypothesis';
import { jsonlFormat } from './formats/jsonl';
import { dpoFormat, ktoFormat } from './formats/preference';
import { ragEvalFormat } from './formats/rag-eval';
import { trecFormat } from './formats/trec';
import { webAnnotationFormat } from './formats/web-annotation';

const TEXT_FORMATS = [
  jsonlFormat,
  csvFormat,
  webAnnotationFormat,
  hypothesisFormat,
  trecFormat,
  dpoFormat,
  ktoFormat,
  fgRlhfFormat,
  decompositionPairsFormat,
  ragEvalFormat,
  citationsFormat,
] as const satisfies readonly ExportFormat[];

/** Every export format, in the order the log page's export menu lists them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = TEXT_FORMATS;

export function exportFormat(id: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((f) => f.id === id);
}

const FOLDERS = [hfDatasetFormat] as const satisfies readonly FormatDescriptor[];

/** Folders of several files, delivered as one zip by their own driver (see `folder`). */
export const FOLDER_FORMATS: readonly FormatDescriptor[] = FOLDERS;

type KnownFormat = (typeof TEXT_FORMATS)[number] | (typeof FOLDERS)[number];

/**
 * Each format's id → its options as written in its file (`never` for a format without options): the log page's
 * word map is checked against it, so a new format or option without words in the user's language fails to compile.
 */
export type FormatOptionsById = {
  [F in KnownFormat as F['id']]: F extends { options: readonly (infer O)[] } ? O : never;
};

/** The menu entries without the formatter code. */
export function formatDescriptors(): FormatDescriptor[] {
  return [...EXPORT_FORMATS.map(({ create: _create, ...descriptor }) => descriptor), ...FOLDER_FORMATS];
}

/** `stageback-csv-2026-11-26.csv` */
export function exportFileName(format: FormatDescriptor, now = new Date()): string {
  return `stageback-${format.id}-${now.toISOString().slice(0, 10)}.${format.fileExtension}`;
}
