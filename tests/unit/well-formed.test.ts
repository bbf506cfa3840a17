import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { StagebackDB } from '../../storage/db';
import { createEventWriter } from '../../storage/event-writer';
import { LIMITS } from '../../storage/schema/constants';
import { makeReading } from '../../utils/adapters/common/build';
import { toSiteSources, toSubqueries } from '../../utils/adapters/common/site-data';
import { toTraceDraft } from '../../utils/adapters/read-page';
import type { SiteAdapter } from '../../utils/adapters/types';
import { dispatch } from '../../utils/background/dispatch';
import { createQueryHistory } from '../../utils/background/query-history';
import { createTabTraces } from '../../utils/background/tab-traces';
import { makeEvent } from '../../utils/content/make-event';
import { queryChangeEvent } from '../../utils/content/query-signals';
import { clipText, wellFormed, wellFormedDeep } from '../../utils/text/well-formed';
import { uuidv7 } from '../../utils/uuidv7';
import { traceDraft } from '../support/factories';

const EMOJI = '\u{1F600}'; // two UTF-16 units
const wf = (s: string | undefined) => (s ?? '').isWellFormed();

describe('well-formed text (finding 3: no lone surrogates leave the page)', () => {
  it('clips on a code-point boundary and replaces lone surrogates by U+FFFD, keeping lengths', () => {
    expect(clipText(`ab${EMOJI}`, 3)).toBe('ab');
    expect(clipText(`ab${EMOJI}`, 4)).toBe(`ab${EMOJI}`);
    expect(clipText('abcdef', 3)).toBe('abc');
    expect(wellFormed('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
    expect(wellFormed(`x${EMOJI}`)).toBe(`x${EMOJI}`);
    const plain = { a: ['b', { c: 'd' }] };
    expect(wellFormedDeep(plain)).toBe(plain); // nothing to change: the same object
    expect(wellFormedDeep({ a: ['b', { c: '\uDBFF' }] })).toEqual({ a: ['b', { c: '\uFFFD' }] });
  });

  it('never splits a pair at the 2,000-unit cut of a query signal, a site sub-query or a site source title', () => {
    const long = `${'a'.repeat(1_999)}${EMOJI}`;
    const previous = { traceId: uuidv7(), query: 'q', pageUrl: 'https://www.google.com/search?q=q', at: 0 };
    const event = queryChangeEvent(previous, long, 'https://www.google.com/search?q=r');
    expect(wf((event.value as { text: string }).text)).toBe(true);
    expect(wf(toSubqueries([long])[0]?.text)).toBe(true);
    expect(wf(toSiteSources([{ url: 'https://example.org/', title: long }])[0]?.title)).toBe(true);
    expect(wf(toSubqueries(['broken \uD800 json'])[0]?.text)).toBe(true);
  });

  it('never splits a pair at the answer-text and title limits of a reading', () => {
    const reading = makeReading({
      root: {} as Element,
      query: `${'q'.repeat(LIMITS.shortText - 1)}${EMOJI}`,
      lang: 'en',
      text: `${'a'.repeat(LIMITS.longText - 1)}${EMOJI}`,
      sentences: [],
      sources: [],
      complete: true,
    });
    expect(wf(reading.answer.text)).toBe(true);
    expect(wf(reading.query)).toBe(true);
  });

  it('sanitises page text where a trace draft and an event are built', () => {
    const reading = makeReading({
      root: {} as Element,
      query: 'sleep \uDC00',
      lang: 'en',
      text: 'Seven \uD800 hours.',
      sentences: [{ id: 's-0', start: 0, end: 14 }],
      sources: [],
      complete: true,
    });
    const adapter = { id: 'google-ai-overview', version: '1' } as SiteAdapter;
    const draft = toTraceDraft(adapter, reading, new URL('https://www.google.com/search?q=x'), new Date());
    expect(draft.answer.text).toBe('Seven \uFFFD hours.');
    expect(draft.query).toBe('sleep \uFFFD');
    const copy = makeEvent(draft.id, {
      stage: 'answer',
      target: { type: 'stage' },
      kind: 'implicit',
      value: { signal: 'copy', text: 'half \uD83D' },
    });
    expect(copy.value).toEqual({ signal: 'copy', text: 'half \uFFFD' });
  });

  it('the background stores well-formed text even when a message carries lone surrogates', async () => {
    const db = new StagebackDB(`wf-${uuidv7()}`);
    const deps = {
      db,
      writer: createEventWriter(db),
      queries: createQueryHistory(),
      tabTraces: createTabTraces(),
      injectOverlay: async () => {},
    };
    try {
      const draft = traceDraft({ query: 'bad \uD800 query' });
      expect((await dispatch('captureTrace', draft, deps)).ok).toBe(true);
      expect((await db.traces.get(draft.id))?.query).toBe('bad \uFFFD query');
      const comment = {
        ...makeEvent(draft.id, { stage: 'overall', target: { type: 'stage' }, kind: 'comment', value: 'ok' }),
        value: 'lone \uDFFF',
      };
      expect((await dispatch('recordEvents', [comment], deps)).ok).toBe(true);
      expect((await db.events.get(comment.id))?.value).toBe('lone \uFFFD');
    } finally {
      db.close();
      await Dexie.delete(db.name);
    }
  });
});
