import { FeedbackEventSchema, TraceSchema } from '../../../storage/schema';

export interface IngestAnswer {
  successes: { id: string; status: number; result: string }[];
  errors: { id: string | null; status: number; reason: string; message: string }[];
  /** Item errors not listed in `errors`. */
  moreErrors: number;
  /** Items after the 1,000th invalid one: neither checked nor stored. */
  unchecked: number;
}

export interface ExportLine {
  id: string;
  type: 'trace-upsert' | 'feedback-event';
  storedAt: string;
  participantId: string | null;
  studyId: string | null;
  body: unknown;
}

export function ingest(
  url: string,
  token: string | null,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/v1/ingest`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body:
      typeof body === 'string'
        ? body
        : body instanceof Uint8Array
          ? new Blob([new Uint8Array(body)])
          : JSON.stringify(body),
  });
}

/** Every exported line, each checked against the extension schema its type names. */
export async function exportLines(url: string, token: string, since?: string): Promise<ExportLine[]> {
  const query = new URLSearchParams({ format: 'jsonl', ...(since ? { since } : {}) });
  const res = await fetch(`${url}/v1/export?${query}`, { headers: { Authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  const text = await res.text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((raw) => {
      const line = JSON.parse(raw) as ExportLine;
      (line.type === 'trace-upsert' ? TraceSchema : FeedbackEventSchema).parse(line.body);
      return line;
    });
}
