import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { createEventWriter } from '../../../storage/event-writer';
import { runExport } from '../../../storage/exports/run-export';
import { stringSink } from '../../../storage/exports/sink';
import { promptWithSources } from '../../../storage/exports/source-context';
import type { TraceDraft } from '../../../storage/schema';
import { linkRefinedTrace, upsertTrace } from '../../../storage/trace-store';
import { makeEvent } from '../../../utils/content/make-event';
import { alignSentences, compareAnswers } from '../../../utils/refine/compare';
import { uuidv7 } from '../../../utils/uuidv7';
import { traceDraft } from '../../support/factories';

const source = (id: string, url: string, title = id) => ({
  id,
  url,
  title,
  domain: new URL(url).hostname.replace(/^www\./, ''),
  position: Number(id.slice(1)),
  citingSentenceIds: [],
});
function answer(text: string) {
  const sentences: TraceDraft['answer']['sentences'] = [];
  let start = 0;
  for (const part of text.split(/(?<=\.) /)) {
    sentences.push({ id: `t${sentences.length}`, start, end: start + part.length });
    start += part.length + 1;
  }
  return { text, sentences, complete: true };
}

const original = traceDraft({
  query: 'how much sleep do adults need',
  sources: [source('s0', 'https://www.spam.example/a'), source('s1', 'https://cdc.gov/sleep?utm_source=x')],
  answer: answer('Adults need seven or more hours of sleep. Naps help a lot.'),
});
const refined = traceDraft({
  query: 'how much sleep do adults need "shift workers" -site:spam.example',
  sources: [
    source('s0', 'https://cdc.gov/sleep'),
    source('s1', 'https://sub.spam.example/b'),
    source('s2', 'https://nih.gov/shift', 'Shift work sleep disorder'),
  ],
  answer: answer('Adults need seven or more hours of sleep each night. Shift workers sleep less than others.'),
});
const feedbackOn = (traceId: string) => [
  makeEvent(traceId, {
    stage: 'retrieval',
    target: { type: 'source', sourceId: 's0' },
    kind: 'label',
    value: { label: 'unreliable_source' },
  }),
  makeEvent(traceId, {
    stage: 'decomposition',
    target: { type: 'stage' },
    kind: 'label',
    value: { label: 'missing_aspect', text: 'shift workers' },
  }),
  makeEvent(traceId, {
    stage: 'decomposition',
    target: { type: 'stage' },
    kind: 'label',
    value: { label: 'missing_aspect', text: 'teenagers' },
  }),
];

describe('compareAnswers', () => {
  it('sources gained and lost by canonical URL, flagged domains still cited, aspects and where, aligned sentences', () => {
    const c = compareAnswers(original, feedbackOn(original.id), refined);
    expect(c.gained.map((s) => s.url)).toEqual(['https://sub.spam.example/b', 'https://nih.gov/shift']);
    expect(c.lost.map((s) => s.url)).toEqual(['https://www.spam.example/a']); // cdc.gov/sleep kept: utm_ dropped
    expect(c.stillCited).toEqual(['spam.example']);
    expect(c.aspects).toEqual([
      { text: 'shift workers', where: { kind: 'sentence', text: 'Shift workers sleep less than others.' } },
      { text: 'teenagers', where: null },
    ]);
    // "…hours of sleep." and "…hours of sleep each night." are the same sentence reworded: not added nor removed.
    expect(c.removed).toEqual(['Naps help a lot.']);
    expect(c.added).toEqual(['Shift workers sleep less than others.']);
    expect(c.kept).toBe(1);
  });

  it('alignment pairs best matches first and never twice', () => {
    expect(alignSentences(['a b c d', 'a b c d'], ['a b c d'])).toEqual({ removed: ['a b c d'], added: [], kept: 1 });
  });
});

describe('exports of a refinement', () => {
  const NAME = `refine-export-${uuidv7()}`;
  afterEach(() => Dexie.delete(NAME));

  it('DPO: the refined answer judged better is chosen; decomposition pairs: original → refined query; both with provenance', async () => {
    const db = new StagebackDB(NAME);
    await db.open();
    const writer = createEventWriter(db);
    await upsertTrace(db, original);
    await upsertTrace(db, refined);
    const feedback = feedbackOn(original.id);
    const refinement = makeEvent(original.id, {
      stage: 'overall',
      target: { type: 'stage' },
      kind: 'refinement',
      value: {
        engine: 'google',
        query: refined.query,
        url: `https://www.google.com/search?q=${encodeURIComponent(refined.query)}`,
        feedbackEventIds: feedback.map((e) => e.id),
      },
    });
    await writer.write([...feedback, refinement]);
    await linkRefinedTrace(db, refined.id, { traceId: original.id, refinementId: refinement.id });
    const judge = (verdict: 'better' | 'worse' | 'same', supersedes?: string) =>
      makeEvent(
        refined.id,
        {
          stage: 'overall',
          target: { type: 'stage' },
          kind: 'comparison',
          value: { refinementId: refinement.id, originalTraceId: original.id, verdict },
        },
        supersedes,
      );
    const first = judge('worse');
    const changed = judge('better', first.id);
    await writer.write([first]);
    await writer.write([changed]);
    const exported = async (format: string) => {
      const sink = stringSink();
      await runExport(db, format, { sink });
      return sink
        .text()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    };
    expect(await exported('dpo')).toEqual([
      {
        // The question with the sources the first answer was written from (the DPO export's default prompt).
        prompt: promptWithSources(original, (text) => text),
        chosen: refined.answer.text,
        rejected: original.answer.text,
        provenance: {
          source: 'refinement',
          original_trace_id: original.id,
          refined_trace_id: refined.id,
          refinement_id: refinement.id,
          comparison_id: changed.id,
          verdict: 'better',
          refined_query: refined.query,
          engine: 'google',
        },
      },
    ]);
    const pairs = await exported('decomposition-pairs');
    // The missing aspects make the usual sub-query row; the refinement its own row after it.
    // (Both aspects were written in the same millisecond: their order is not the point here.)
    expect(pairs[0]?.trace_id).toBe(original.id);
    expect([...(pairs[0]?.subqueries_edited ?? [])].sort()).toEqual(['shift workers', 'teenagers']);
    expect(pairs.slice(1)).toEqual([
      {
        trace_id: original.id,
        query: original.query,
        refined_query: refined.query,
        provenance: {
          source: 'refinement',
          refinement_id: refinement.id,
          engine: 'google',
          feedback_event_ids: feedback.map((e) => e.id),
        },
      },
    ]);
    // "About the same" makes no pair.
    await writer.write([judge('same', changed.id)]);
    expect(await exported('dpo')).toEqual([]);
    db.close();
  });
});
