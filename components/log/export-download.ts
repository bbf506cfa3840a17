import type { StagebackDB } from '../../storage/db';
import type { ExportFilter } from '../../storage/exports/filter';
import type { FormatDescriptor } from '../../storage/exports/format';
import type { Redact } from '../../storage/exports/redaction';
import { exportFileName } from '../../storage/exports/registry';
import { type ExportProgress, type ExportResult, runExport } from '../../storage/exports/run-export';

export interface DownloadedExport {
  result: ExportResult;
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
  options: { filter?: ExportFilter; signal: AbortSignal; redact: Redact; onProgress: (p: ExportProgress) => void },
): Promise<DownloadedExport> {
  let chunks: string[] = [];
  const sink = {
    write: (chunk: string) => void chunks.push(chunk),
    close: () => {},
    abort: () => {
      chunks = [];
    },
  };
  const result = await runExport(db, format.id, { ...options, sink });
  if (result.status !== 'done') return { result };
  const blob = new Blob(chunks, { type: format.mimeType });
  const fileName = exportFileName(format);
  downloadBlob(blob, fileName);
  return { result, fileName, bytes: blob.size };
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

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
