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

/** Every export format, in the order the log page's export menu lists them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = [
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
];

export function exportFormat(id: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((f) => f.id === id);
}

/** Folders of several files, delivered as one zip by their own driver (see `folder`). */
export const FOLDER_FORMATS: readonly FormatDescriptor[] = [hfDatasetFormat];

/** The menu entries without the formatter code. */
export function formatDescriptors(): FormatDescriptor[] {
  return [...EXPORT_FORMATS.map(({ create: _create, ...descriptor }) => descriptor), ...FOLDER_FORMATS];
}

/** `stageback-csv-2026-11-26.csv` */
export function exportFileName(format: FormatDescriptor, now = new Date()): string {
  return `stageback-${format.id}-${now.toISOString().slice(0, 10)}.${format.fileExtension}`;
}
