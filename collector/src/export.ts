import type { Logger } from './log';
import type { ExportRecord } from './store/types';

const RECORDS_PER_CHUNK = 256;

/** One JSON object per line; the stored body is spliced in as is rather than parsed and re-serialised. */
export function exportLine(record: ExportRecord): string {
  const head = JSON.stringify({
    id: record.id,
    type: record.type,
    storedAt: record.storedAt,
    participantId: record.participantId,
    studyId: record.studyId,
  });
  return `${head.slice(0, -1)},"body":${record.bodyJson}}\n`;
}

/** Pulls records only as fast as the client reads them. */
export function exportStream(records: AsyncIterable<ExportRecord>, log: Logger): ReadableStream<Uint8Array> {
  const iterator = records[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let chunk = '';
        for (let i = 0; i < RECORDS_PER_CHUNK; i++) {
          const next = await iterator.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += exportLine(next.value);
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (caught) {
        log('error', 'export failed', { error: (caught as Error).message });
        controller.error(caught);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
