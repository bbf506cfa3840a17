import { describe, expect, it } from 'vitest';
import { fileProblemWords, lineProblemWords } from '../../../components/log/import-words';
import {
  type FileProblem,
  fileProblemInEnglish,
  type LineProblem,
  lineProblemInEnglish,
  parseLog,
} from '../../../storage/import/jsonl-import';

// Every kind, so a new one without an English sentence on both sides fails here (and in the type check).
const FILE_PROBLEMS: { [K in FileProblem['kind']]: Extract<FileProblem, { kind: K }>[] } = {
  headerNotJson: [{ kind: 'headerNotJson' }],
  notHeader: [{ kind: 'notHeader', format: 'stageback-log' }],
  schemaVersion: [
    { kind: 'schemaVersion', found: '2', reads: 1 },
    { kind: 'schemaVersion', found: 'undefined', reads: 1 },
  ],
  firstLineTooLong: [{ kind: 'firstLineTooLong', line: 1 }],
  lineTooLong: [{ kind: 'lineTooLong', line: 3 }],
  empty: [{ kind: 'empty' }],
  badLines: [1, 2, 1234].map((count) => ({ kind: 'badLines', count }) as const),
  conflicts: [1, 2, 1234].map((count) => ({ kind: 'conflicts', count }) as const),
  orphans: [1, 13, 1234].map((count) => ({ kind: 'orphans', count }) as const),
};
const LINE_PROBLEMS: { [K in LineProblem['kind']]: Extract<LineProblem, { kind: K }>[] } = {
  notJson: [{ kind: 'notJson', detail: 'Unexpected token \'o\', "not json" is not valid JSON' }],
  schema: [0, 1, 3].map(
    (more) => ({ kind: 'schema', field: 'event.value', detail: 'grade must be 0–3', more }) as const,
  ),
  contentHash: [{ kind: 'contentHash' }],
  unknownType: [{ kind: 'unknownType', type: '"comment"' }],
  tooLong: [{ kind: 'tooLong' }],
  sameTraceQuery: [
    { kind: 'sameTraceQuery', id: 'a1', line: 3, query: '"how much sleep"', earlier: '"how much rest"' },
  ],
  sameId: [
    { kind: 'sameId', record: 'trace', id: 'a1', line: 3 },
    { kind: 'sameId', record: 'event', id: 'e1', line: 9 },
  ],
  orphan: [{ kind: 'orphan', traceId: 'a1' }],
};

describe('an import’s problems in the user’s language (components/log/import-words.ts)', () => {
  it('says in English exactly what storage/import says (Node tools and e2e tests read those words)', () => {
    for (const problem of Object.values(FILE_PROBLEMS).flat()) {
      expect(fileProblemWords(problem), problem.kind).toBe(fileProblemInEnglish(problem));
    }
    for (const problem of Object.values(LINE_PROBLEMS).flat()) {
      expect(lineProblemWords(problem), problem.kind).toBe(lineProblemInEnglish(problem));
    }
  });

  it('keeps the sentences the log page showed before', () => {
    expect(fileProblemWords({ kind: 'badLines', count: 2 })).toBe(
      '2 lines of this Stageback log are not valid; nothing was imported.',
    );
    expect(fileProblemWords({ kind: 'conflicts', count: 1 })).toBe(
      '1 line of this Stageback log conflicts with an earlier line: the same id with other content. Nothing was imported.',
    );
    expect(fileProblemWords({ kind: 'orphans', count: 1 })).toBe(
      '1 event belongs to no known trace; nothing was imported.',
    );
    expect(fileProblemWords({ kind: 'notHeader', format: 'stageback-log' })).toBe(
      'This is not a Stageback log: its first line is not the header {"format":"stageback-log",…}.',
    );
    expect(fileProblemWords({ kind: 'firstLineTooLong', line: 1 })).toBe(
      'This is not a Stageback log: its line 1 is longer than 8 MiB (8,388,608 characters), more than any Stageback record.',
    );
    expect(lineProblemWords({ kind: 'schema', field: 'trace.query', detail: 'Required', more: 2 })).toBe(
      'trace.query: Required (and 2 more)',
    );
  });

  it('words what parseLog really reports', async () => {
    const header = JSON.stringify({ format: 'stageback-log', schemaVersion: 1, exportedAt: '2026-12-01T00:00:00Z' });
    const result = await parseLog([header, '{"type":"event","event":{"id":"nope"}}', 'not json', '{}'].join('\n'));
    if (result.ok) throw new Error('expected an error');
    expect(fileProblemWords(result.error.problem)).toBe(result.error.message);
    expect(result.error.message).toBe('3 lines of this Stageback log are not valid; nothing was imported.');
    expect(result.error.issues.map((i) => lineProblemWords(i.problem))).toEqual(
      result.error.issues.map((i) => i.message),
    );
    const foreign = await parseLog('a,b,c\n1,2,3');
    if (foreign.ok) throw new Error('expected an error');
    expect(fileProblemWords(foreign.error.problem)).toBe(foreign.error.message);
  });
});
