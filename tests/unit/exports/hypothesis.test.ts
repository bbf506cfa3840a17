import Dexie from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StagebackDB } from '../../../storage/db';
import { runExport } from '../../../storage/exports/run-export';
import { stringSink } from '../../../storage/exports/sink';
import { uuidv7 } from '../../../utils/uuidv7';
import { EVENTS, EXPORTED_AT, fillDataset, TRACES } from './dataset';

/**
 * What Hypothesis's importer accepts, read from its source (not from memory), hypothesis/client and hypothesis/h:
 * - client `src/sidebar/helpers/import.ts` `readExportFile`: a JSON object with an `annotations` array, else
 *   "Not a valid Hypothesis JSON file".
 * - client `src/sidebar/components/ShareDialog/ImportAnnotations.tsx`: annotations are listed by `user` and only
 *   those of the user picked are imported; `helpers/account-id.ts` `parseAccountID` reads only
 *   `acct:<username>@<authority>` (anything else has no name to pick).
 * - client `src/sidebar/services/import-annotations.ts`: keeps `target`, `tags`, `text`, `uri`, `document` and
 *   drops the rest; duplicates are matched on `text`, `tags` and the TextQuoteSelector's `exact`.
 * - h `h/schemas/annotation.py` `AnnotationSchema` (JSON Schema the API validates on create): `tags` an array of
 *   strings, `text` a string, `uri` a string, `target` an array of objects whose `selector` is an array of
 *   objects with a string `type`; `CreateAnnotationSchema`: `uri` stripped must not be empty;
 *   `_target_selectors`: only the first target's `selector` is kept.
 * Stricter than both here: one target, and its selectors anchor on the page as text (TextQuoteSelector only).
 */
const Selector = z.looseObject({ type: z.string() });
const TextQuote = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string().min(1),
  prefix: z.string().optional(),
  suffix: z.string().optional(),
});
const Annotation = z.object({
  user: z.string().regex(/^acct:([^@]+)@(.+)/),
  uri: z.string().refine((u) => u.trim() !== '', "'uri' is a required property"),
  text: z.string(),
  tags: z.array(z.string()),
  target: z
    .array(z.object({ source: z.string(), selector: z.array(Selector).optional() }))
    .length(1)
    .superRefine((targets, ctx) => {
      for (const s of targets[0]?.selector ?? []) {
        if (!TextQuote.safeParse(s).success) ctx.addIssue({ code: 'custom', message: `selector ${s.type}` });
      }
    }),
  document: z.looseObject({}).optional(),
});
const ImportFile = z.object({ annotations: z.array(Annotation) });
type HypothesisAnnotation = z.infer<typeof Annotation>;

let db: StagebackDB;
let file: z.infer<typeof ImportFile>;

beforeAll(async () => {
  db = new StagebackDB(`hyp-${uuidv7()}`);
  await db.open();
  await fillDataset(db);
  const sink = stringSink();
  await runExport(db, 'hypothesis', { sink, exportedAt: EXPORTED_AT });
  file = ImportFile.parse(JSON.parse(sink.text()));
});
afterAll(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const quoteOf = (a: HypothesisAnnotation) => a.target[0]?.selector?.[0] as z.infer<typeof TextQuote> | undefined;

describe('hypothesis: a file Hypothesis’s Share → Import accepts', () => {
  it('passes the importer’s rules, one annotation per effective judgement, all under one pickable user', () => {
    // 35 events − 6 not in the latest state − 2 passive signals − a refinement and its comparison (about a second
    // answer, not a note on this page).
    expect(file.annotations).toHaveLength(25);
    expect(new Set(file.annotations.map((a) => a.user)).size).toBe(1);
    for (const a of file.annotations) expect(a.target[0]?.source).toBe(a.uri);
  });

  it('a span label is a highlight whose quote, prefix and suffix find the labelled text where the page shows it', () => {
    const quoted = file.annotations.filter((a) => quoteOf(a));
    const span = quoted.find((a) => a.tags.includes('unverifiable'));
    expect(quoteOf(span as HypothesisAnnotation)).toEqual({
      type: 'TextQuoteSelector',
      exact: 'weight gain',
      prefix: 'on a regular basis is linked to ',
      suffix: ', heart disease and depression.',
    });
    for (const a of quoted) {
      const q = quoteOf(a);
      if (!q) continue;
      const trace = TRACES.find((t) => t.pageUrl === a.uri);
      const shown = [trace?.answer.text, ...(trace?.subqueries.map((s) => s.text) ?? [])].join('\n');
      expect(shown, a.text).toContain(`${q.prefix ?? ''}${q.exact}${q.suffix ?? ''}`);
    }
  });

  it('says the stage, the judgement and the query; whole-answer feedback is a page note', () => {
    const decomposition = file.annotations.find((a) => a.tags.includes('too_broad'));
    expect(decomposition?.tags).toContain('stage:decomposition');
    expect(decomposition?.text).toContain('Query: is coffee bad for you');
    expect(quoteOf(decomposition as HypothesisAnnotation)?.exact).toBe('coffee health effects');
    const overall = file.annotations.filter((a) => a.tags.includes('stage:overall') && a.tags.includes('thumbs-down'));
    expect(overall).toHaveLength(1);
    expect(overall[0]?.target).toEqual([{ source: TRACES[0]?.pageUrl }]);
    const citation = file.annotations.find((a) => a.tags.includes('supports'));
    expect(citation?.text).toContain('Cited source: About Sleep - CDC <https://www.cdc.gov/sleep/about/index.html>');
    expect(quoteOf(citation as HypothesisAnnotation)?.exact).toBe(
      'Most adults need seven or more hours of sleep each night to stay healthy.',
    );
    const agent = file.annotations.find((a) => a.tags.includes('missing_information'));
    expect(agent?.tags).toContain('origin:shadow_confirmed');
    expect(EVENTS.length).toBe(35);
  });
});
