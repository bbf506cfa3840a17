import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../utils/uuidv7';
import { exportLines, type IngestAnswer, ingest } from './support/client';
import { item, traceWithEvents } from './support/items';
import { type CollectorProcess, createToken, spawnCollector } from './support/process';
import { storeTargets } from './support/targets';

/** Finding 3 of issue 14: a lone UTF-16 surrogate is refused per item, on both stores, and the rest lands. */
for (const target of storeTargets()) {
  describe.skipIf(!target.available)(`lone surrogates on ${target.name} (real process)`, () => {
    let env: Record<string, string>;
    let server: CollectorProcess;
    let token: string;
    let admin: string;

    beforeAll(async () => {
      env = await target.setUp();
      [token, admin] = await Promise.all([createToken(env, 'browser'), createToken(env, 'researcher', 'admin')]);
      server = await spawnCollector(env);
    });
    afterAll(async () => {
      await server?.stop();
      await target.tearDown();
    });

    const comment = (traceId: string, text: string) => {
      const body = {
        id: uuidv7(),
        schemaVersion: 1,
        traceId,
        createdAt: new Date().toISOString(),
        origin: 'user',
        stage: 'overall',
        target: { type: 'stage' },
        kind: 'comment',
        value: text,
      };
      return item('feedback-event', body);
    };

    it('refuses an item holding a lone surrogate with reason lone_surrogate and stores the rest of the batch', async () => {
      const { items, trace } = traceWithEvents();
      const high = comment(trace.id, 'cut in half: \ud83d');
      const low = comment(trace.id, '\ude00 dangling low half');
      const queryCut = { ...traceWithEvents().trace, query: 'q \ud800' };
      const inQuery = item('trace-upsert', queryCut);
      const pair = comment(trace.id, 'a whole pair, escaped: \ud83d\ude00');
      const batch = [items[0], high, items[1], low, inQuery, pair, items[2]];
      // JSON.stringify writes a lone surrogate as the escape "\ud83d", as an extension's JSON would carry it.
      const json = JSON.stringify({ batch }).replace('\ud83d\ude00', '\\ud83d\\ude00');
      expect(json).toContain('\\ud83d"');

      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await ingest(server.url, token, json);
        expect(res.status).toBe(207);
        const answer = (await res.json()) as IngestAnswer;
        expect(answer.errors.map((e) => [e.id, e.status, e.reason])).toEqual([
          [high.id, 400, 'lone_surrogate'],
          [low.id, 400, 'lone_surrogate'],
          [inQuery.id, 400, 'lone_surrogate'],
        ]);
        expect(answer.errors[0]?.message).toMatch(/^item 1: text must not contain a lone UTF-16 surrogate/);
        expect(answer.successes.map((s) => s.id)).toEqual([items[0]!.id, items[1]!.id, pair.id, items[2]!.id]);
      }
      const stored = new Map((await exportLines(server.url, admin)).map((line) => [line.id, line]));
      for (const good of [items[0], items[1], items[2], pair]) expect(stored.has(good!.id)).toBe(true);
      for (const bad of [high, low, inQuery]) expect(stored.has(bad.id)).toBe(false);
      expect((stored.get(pair.id)?.body as { value?: string } | undefined)?.value).toBe(
        'a whole pair, escaped: \ud83d\ude00',
      );
    });
  });
}
