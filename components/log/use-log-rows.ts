import { useCallback, useEffect, useRef, useState } from 'react';
import { getDb } from '../../storage/db';
import type { ExportFilter } from '../../storage/exports/filter';
import {
  countMatching,
  type LogCursor,
  type LogRow,
  type PreparedFilter,
  prepareFilter,
  readLogPage,
  type TraceSummary,
} from '../../storage/queries/log';

export interface LogRows {
  rows: LogRow[];
  /** Every matching event is loaded. */
  complete: boolean;
  loading: boolean;
  /** Matching events counted so far, and whether the count is final. */
  count: number | undefined;
  countDone: boolean;
  /** Loads more rows until at least `upTo` are loaded (or the log ends). */
  loadUpTo: (upTo: number) => void;
}

const PAGE = 200;

/** Pages through the log as the table needs rows, and counts matches in the background. */
export function useLogRows(filter: ExportFilter, reloadKey: number): LogRows {
  const [rows, setRows] = useState<LogRow[]>([]);
  const [complete, setComplete] = useState(false);
  const [loading, setLoading] = useState(true);
  const [count, setCount] = useState<number | undefined>(undefined);
  const [countDone, setCountDone] = useState(false);
  const session = useRef<{
    prepared: Promise<PreparedFilter>;
    cursor: LogCursor | undefined;
    started: boolean;
    done: boolean;
    busy: boolean;
    loaded: number;
    want: number;
    cache: Map<string, TraceSummary | undefined>;
  } | null>(null);
  const filterKey = JSON.stringify(filter);

  const pump = useCallback(async () => {
    const s = session.current;
    if (!s || s.busy || s.done) return;
    s.busy = true;
    setLoading(true);
    try {
      const prepared = await s.prepared;
      while (session.current === s && !s.done && s.loaded < s.want) {
        const page = await readLogPage(getDb(), prepared, s.cursor, { limit: PAGE, traceCache: s.cache });
        if (session.current !== s) return;
        s.started = true;
        s.cursor = page.next;
        s.done = page.next === undefined;
        s.loaded += page.rows.length;
        if (page.rows.length > 0) setRows((r) => [...r, ...page.rows]);
        if (s.done) setComplete(true);
      }
    } finally {
      s.busy = false;
      if (session.current === s) setLoading(false);
    }
  }, []);
  useEffect(() => {
    const db = getDb();
    const prepared = prepareFilter(db, filter);
    session.current = {
      prepared,
      cursor: undefined,
      started: false,
      done: false,
      busy: false,
      loaded: 0,
      want: PAGE,
      cache: new Map(),
    };
    setRows([]);
    setComplete(false);
    setCount(undefined);
    setCountDone(false);
    void pump();
    const counting = new AbortController();
    void prepared.then((p) =>
      countMatching(
        db,
        p,
        (n, done) => {
          if (counting.signal.aborted) return;
          setCount(n);
          setCountDone(done);
        },
        counting.signal,
      ),
    );
    return () => counting.abort();
  }, [filterKey, reloadKey, pump]);

  const loadUpTo = useCallback(
    (upTo: number) => {
      const s = session.current;
      if (!s || s.done || upTo <= s.want) return;
      s.want = upTo;
      void pump();
    },
    [pump],
  );

  return { rows, complete, loading, count, countDone, loadUpTo };
}
