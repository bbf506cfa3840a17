import { Zip, ZipDeflate } from 'fflate';
import { SCHEMA_VERSION } from '../../schema';
import type { ExportFilter } from '../filter';
import type { FormatDescriptor, FormatOptionValues } from '../format';
import type { ExportProgress, ExportResult } from '../run-export';
import type { ExportSink } from '../sink';
import { datasetCard, LICENSES } from './card';
import { DATASET_CONFIGS } from './features';

/** The Hugging Face dataset folder, delivered as one zip (a browser download is one file). */
export const hfDatasetFormat = {
  id: 'hf-dataset',
  label: 'Hugging Face dataset folder (zip)',
  fileExtension: 'zip',
  mimeType: 'application/zip',
  description:
    'A folder for the datasets library: DPO, KTO, RAG evaluation, citation and decomposition files (JSON Lines) and a dataset card.',
  reads: 'latest',
  folder: true,
  options: [
    {
      id: 'sources',
      type: 'boolean',
      label: 'Put the sources in the DPO and KTO prompts',
      hint: 'Prompts list the sources the answer was written from (title, link, snippet), then the question.',
      default: true,
    },
    {
      id: 'conversational',
      type: 'boolean',
      label: 'DPO and KTO as chat messages',
      hint: 'Prompt and answers are lists of {role, content} messages (TRL’s conversational format).',
      default: false,
    },
    {
      id: 'license',
      type: 'choice',
      label: 'Licence written in the dataset card',
      hint: 'Answers and snippets are the sites’ text; choose what you may share.',
      default: 'other',
      choices: LICENSES,
    },
  ],
} as const satisfies FormatDescriptor;

/** Where the zip's bytes go. */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void> | void;
  close(): Promise<void> | void;
  abort?(reason?: unknown): Promise<void> | void;
}

/** Runs one text export (e.g. `runExport` bound to a database). */
export type RunTextExport = (
  formatId: string,
  options: {
    sink: ExportSink;
    filter?: ExportFilter;
    signal?: AbortSignal;
    redact?: (text: string) => string;
    exportedAt: string;
    formatOptions: FormatOptionValues;
    onProgress?: (progress: ExportProgress) => void;
  },
) => Promise<ExportResult>;

export interface DatasetFolderOptions {
  sink: ByteSink;
  formatOptions: FormatOptionValues;
  filter?: ExportFilter;
  signal?: AbortSignal;
  redact?: (text: string) => string;
  /** Words for the card: what the redaction rules masked, or ''. */
  redacted?: string;
  exportedAt?: string;
  onProgress?: (progress: ExportProgress) => void;
}

export interface DatasetFolderResult {
  status: 'done' | 'cancelled';
  /** Rows per config written (configs with none are left out of the folder). */
  rows: Record<string, number>;
  bytes: number;
}

/**
 * Streams each config's export through DEFLATE into the zip (one export pass per config, nothing held but the
 * compressor's window and the pending output), then writes the card with the row counts.
 */
export async function exportDatasetFolder(
  run: RunTextExport,
  options: DatasetFolderOptions,
): Promise<DatasetFolderResult> {
  const exportedAt = options.exportedAt ?? new Date().toISOString();
  const mtime = new Date(exportedAt);
  const encoder = new TextEncoder();
  let pending: Uint8Array[] = [];
  let failure: Error | null = null;
  let bytes = 0;
  const zip = new Zip((error, data) => {
    if (error) failure = error;
    else pending.push(data);
  });
  const drain = async () => {
    if (failure) throw failure;
    const out = pending;
    pending = [];
    for (const chunk of out) {
      bytes += chunk.length;
      await options.sink.write(chunk);
    }
  };
  const entry = (path: string) => {
    const file = new ZipDeflate(path, { level: 6 });
    file.mtime = mtime;
    zip.add(file);
    return file;
  };

  const configs: { config: (typeof DATASET_CONFIGS)[number]; rows: number; bytes: number }[] = [];
  const rows: Record<string, number> = {};
  const passes = DATASET_CONFIGS.length;
  try {
    for (const [index, config] of DATASET_CONFIGS.entries()) {
      let lines = 0;
      let size = 0;
      let file: ZipDeflate | null = null;
      const sink: ExportSink = {
        write: async (text) => {
          if (text.length === 0) return;
          file ??= entry(config.path);
          const data = encoder.encode(text);
          size += data.length;
          for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
          file.push(data);
          await drain();
        },
        close: () => {},
      };
      const result = await run(config.formatId, {
        sink,
        filter: options.filter,
        signal: options.signal,
        redact: options.redact,
        exportedAt,
        formatOptions: options.formatOptions,
        onProgress: (p) => options.onProgress?.({ done: index * p.total + p.done, total: passes * p.total }),
      });
      if (result.status === 'cancelled') {
        zip.terminate();
        await options.sink.abort?.(options.signal?.reason);
        return { status: 'cancelled', rows, bytes };
      }
      if (file) {
        (file as ZipDeflate).push(new Uint8Array(0), true);
        await drain();
        configs.push({ config, rows: lines, bytes: size });
        rows[config.name] = lines;
      }
    }
    const card = entry('README.md');
    card.push(
      encoder.encode(
        datasetCard({
          configs,
          options: options.formatOptions,
          exportedAt,
          schemaVersion: SCHEMA_VERSION,
          redacted: options.redacted ?? '',
          filter: options.filter ?? null,
        }),
      ),
      true,
    );
    zip.end();
    await drain();
    await options.sink.close();
    return { status: 'done', rows, bytes };
  } catch (error) {
    zip.terminate();
    await options.sink.abort?.(error);
    throw error;
  }
}
