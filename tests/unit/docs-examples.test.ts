import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { FeedbackEventSchema, SubQuerySchema, TraceSchema } from '../../storage/schema';

const SCHEMAS: Record<string, z.ZodType> = {
  Trace: TraceSchema,
  SubQuery: SubQuerySchema,
  FeedbackEvent: FeedbackEventSchema,
};

const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/data-model.md'), 'utf8');
const examples = [...doc.matchAll(/<!-- example: (\w+) -->\s*```json\n([\s\S]*?)```/g)].map((m) => ({
  schema: m[1] as string,
  json: m[2] as string,
}));

describe('docs/data-model.md examples', () => {
  it('has an example of each record', () => {
    expect(new Set(examples.map((e) => e.schema))).toEqual(new Set(Object.keys(SCHEMAS)));
  });

  it.each(examples.map((e, i) => [`${i + 1} (${e.schema})`, e] as const))('example %s is valid', (_n, example) => {
    const schema = SCHEMAS[example.schema];
    expect(schema).toBeDefined();
    const result = schema?.safeParse(JSON.parse(example.json));
    expect(result?.error?.issues ?? []).toEqual([]);
  });
});
