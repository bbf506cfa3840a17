import type { StagebackDB } from '../../storage/db';
import { bundleSink } from '../../storage/exports/bundle';
import { exportDatasetFolder } from '../../storage/exports/dataset-folder';
import type { ExportFilter } from '../../storage/exports/filter';
import type { FormatDescriptor, FormatOptionValues } from '../../storage/exports/format';
import type { Redact } from '../../storage/exports/redaction';
import { exportFileName } from '../../storage/exports/registry';
import { type ExportProgress, type ExportResult, runExport } from '../../storage/exports/run-export';
import type { ExportSink } from '../../storage/exports/sink';
import { Utf8BlobParts } from '../../storage/exports/utf8-blob-parts';
import { ZipEntry, zipBlob } from '../../storage/exports/zip';
import { t } from '../../utils/i18n';
import { formatNumber } from './words';

export interface DownloadedExport {
  result: ExportResult;
  /** For a folder: data rows written over all its files. */
  rows?: number;
  /** Unset when nothing was downloaded: cancelled, or nothing to write. */
  fileName?: string;
  bytes?: number;
}

/**
 * Streams one export into chunks, then hands the file to the browser through an `<a download>` click (no
 * `downloads` permission). Nothing is downloaded when the export is cancelled.
 */
export async function exportAndDownload(
  db: StagebackDB,
  format: FormatDescriptor,
  options: {
    filter?: ExportFilter;
    signal: AbortSignal;
    redact: Redact;
    onProgress: (p: ExportProgress) => void;
    formatOptions?: FormatOptionValues;
    /** What the redaction rules mask, in words, for a dataset card. */
    redacted?: string;
  },
): Promise<DownloadedExport> {
  if (format.folder) return folderAndDownload(db, format, options);
  const collector = format.bundle ? zipCollector() : blobCollector(format.mimeType);
  const result = await runExport(db, format.id, { ...options, sink: collector.sink });
  if (result.status !== 'done') return { result };
  const blob = collector.blob();
  // An empty file helps no one (a format with no header, and no answer with what it holds): the panel says so.
  if (blob.size === 0) return { result, bytes: 0 };
  const fileName = exportFileName(format);
  downloadBlob(blob, fileName);
  return { result, fileName, bytes: blob.size };
}

interface Collector {
  sink: ExportSink;
  blob(): Blob;
}

/** One file, as UTF-8 Blob parts of a few MB: the browser may keep blob data out of the JS heap (on disk when large). */
function blobCollector(type: string): Collector {
  const parts = new Utf8BlobParts();
  return {
    sink: {
      write: (chunk: string) => parts.write(chunk),
      close: () => parts.flush(),
      abort: () => parts.clear(),
    },
    blob: () => parts.blob(type),
  };
}

/**
 * Several files (a bundle format) in one zip: one download the browser never blocks as "multiple files",
 * and the files stay together as the one consistent set they were read as.
 */
function zipCollector(): Collector {
  let entries = new Map<string, ZipEntry>();
  const startedAt = new Date().toISOString();
  return {
    sink: bundleSink({
      write: (name, text) => {
        let entry = entries.get(name);
        if (!entry) {
          entry = new ZipEntry(name);
          entries.set(name, entry);
        }
        entry.write(text);
      },
      close: () => undefined,
      abort: () => {
        entries = new Map();
      },
    }),
    blob: () =>
      zipBlob(
        [...entries.values()].sort((a, b) => a.name.localeCompare(b.name)),
        startedAt,
      ),
  };
}

/** A zip folder: its bytes go to Blob parts as the compressor hands them over. */
async function folderAndDownload(
  db: StagebackDB,
  format: FormatDescriptor,
  options: Parameters<typeof exportAndDownload>[2],
): Promise<DownloadedExport> {
  let parts: BlobPart[] = [];
  const sink = {
    write: (chunk: Uint8Array) => {
      parts.push(chunk as Uint8Array<ArrayBuffer>);
    },
    close: () => {},
    abort: () => {
      parts = [];
    },
  };
  const folder = await exportDatasetFolder((id, o) => runExport(db, id, o), {
    ...options,
    sink,
    formatOptions: options.formatOptions ?? {},
  });
  const result: ExportResult = { status: folder.status, traces: 0, events: 0, chars: 0 };
  if (folder.status !== 'done') return { result };
  const blob = new Blob(parts, { type: format.mimeType });
  const fileName = exportFileName(format);
  downloadBlob(blob, fileName);
  const rows = Object.values(folder.rows).reduce((n, r) => n + r, 0);
  return { result, rows, fileName, bytes: blob.size };
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file size in words, for the export panel's status. */
export function formatBytes(bytes: number): string {
  const oneDecimal = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
  if (bytes < 1024) return t('logBytes', formatNumber(bytes));
  if (bytes < 1024 * 1024) return t('logKilobytes', formatNumber(bytes / 1024, oneDecimal));
  return t('logMegabytes', formatNumber(bytes / 1024 / 1024, oneDecimal));
}
