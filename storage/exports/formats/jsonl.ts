import { type FeedbackEvent, SCHEMA_VERSION } from '../../schema';
import type { ExportFormat } from '../format';
import { redactEvent, redactTrace } from '../redact-records';

export const LOG_FORMAT_NAME = 'stageback-log';

export interface LogHeader {
  format: typeof LOG_FORMAT_NAME;
  schemaVersion: typeof SCHEMA_VERSION;
  exportedAt: string;
}

/** Every line after the header is one of these; a trace's line comes before its events. */
export type LogRecord = { type: 'trace'; trace: unknown } | { type: 'event'; event: unknown };

export const jsonlFormat = {
  id: 'jsonl',
  label: 'Canonical log (JSONL)',
  fileExtension: 'jsonl',
  mimeType: 'application/x-ndjson',
  description: 'Every trace and every event, superseded and retracted ones included. Re-importable as a backup.',
  reads: 'history',
  create: ({ redact, exportedAt }) => {
    const eventLine = (event: FeedbackEvent) =>
      `{"type":"event","event":${JSON.stringify(redactEvent(event, redact))}}\n`;
    return {
      start: () => {
        const header: LogHeader = { format: LOG_FORMAT_NAME, schemaVersion: SCHEMA_VERSION, exportedAt };
        return `${JSON.stringify(header)}\n`;
      },
      trace: ({ trace, events }) => {
        let out = `{"type":"trace","trace":${JSON.stringify(redactTrace(trace, redact))}}\n`;
        for (const event of events) out += eventLine(event);
        return out;
      },
      event: eventLine,
      end: () => '',
    };
  },
} as const satisfies ExportFormat;
