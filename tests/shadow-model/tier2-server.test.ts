import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseSavedPage } from '../../scripts/saved-page';
import { getDb } from '../../storage/db';
import { type Trace, TraceSchema } from '../../storage/schema';
import { writeModelKey } from '../../storage/secrets';
import { readPage, toTraceDraft } from '../../utils/adapters/read-page';
import { chatRequestBody } from '../../utils/shadow/llm/client';
import { checkModelEndpoint } from '../../utils/shadow/llm/endpoint';
import { modelInputOf } from '../../utils/shadow/llm/model-input';
import { type ModelTierDeps, runModelTier, testModelConnection } from '../../utils/shadow/llm/tier2';
import {
  DEFAULT_MODEL_SETTINGS,
  DEFAULT_SHADOW_SETTINGS,
  MODEL_CONSENT_VERSION,
  modelSettingsItem,
  shadowSettingsItem,
} from '../../utils/shadow/settings';
import { REAL_PAGES_DIR } from '../support/browser';
import { chatReply, startAnsweringServer, startLlamaServer, type TestServer } from '../support/llama-server';

const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const PAGE = {
  file: 'google/AI_tools_for_students_google_ai.html',
  url: 'https://www.google.com/search?q=AI%20tools%20for%20students',
};

let cached: Trace | null = null;

/** The trace the Google adapter reads from a real saved page, as the background stores it. */
function realTrace(): Trace {
  if (cached) return cached;
  const doc = parseSavedPage(readFileSync(path.join(REAL_PAGES_DIR, PAGE.file), 'utf8'), PAGE.url);
  const [first] = readPage(doc, new URL(PAGE.url));
  if (!first) throw new Error('the saved page has no answer');
  const draft = toTraceDraft(first.adapter, first.reading, new URL(PAGE.url), new Date());
  cached = TraceSchema.parse({ ...draft, contentHash: 'a'.repeat(64) });
  return cached;
}

/** Every string in a JSON schema is bounded (maxLength) or one of a list (enum, const). */
function unboundedStrings(node: unknown, where = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => unboundedStrings(n, `${where}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = o.type === 'string' && !('maxLength' in o) && !('enum' in o) && !('const' in o) ? [where] : [];
  return [...own, ...Object.entries(o).flatMap(([k, v]) => unboundedStrings(v, `${where}.${k}`))];
}

const deps = (granted = true): ModelTierDeps => ({
  db: getDb(),
  extensionOrigin: EXTENSION_ORIGIN,
  hasPermission: async () => granted,
});

async function setUp(server: TestServer, model = 'tiny-random', extra: Partial<typeof DEFAULT_MODEL_SETTINGS> = {}) {
  const origin = checkModelEndpoint(server.baseUrl);
  if (!origin.ok) throw new Error(origin.reason);
  await shadowSettingsItem.setValue({ ...DEFAULT_SHADOW_SETTINGS, tier2: true });
  await modelSettingsItem.setValue({
    ...DEFAULT_MODEL_SETTINGS,
    baseUrl: server.baseUrl,
    model,
    consent: { origin: origin.origin, version: MODEL_CONSENT_VERSION, at: new Date().toISOString() },
    ...extra,
  });
}

describe('tier 2 against a real OpenAI-compatible server over node-llama-cpp', () => {
  let server: TestServer;
  let trace: Trace;
  beforeAll(async () => {
    server = await startLlamaServer();
    trace = realTrace();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.seen.length = 0;
  });

  it('sends only the answer, its sources, sub-queries and a profile note, with a bounded JSON schema, and returns proposals that name parts of the answer', async () => {
    await setUp(server);
    const run = await runModelTier(trace, 'Doubts: example.com.', deps());
    expect(run.status).toMatchObject({ tier: 2, state: 'ok' });
    expect(server.seen).toHaveLength(1);
    const body = server.seen[0]?.body as ReturnType<typeof chatRequestBody>;
    expect(body).toEqual(chatRequestBody(modelInputOf(trace, 'Doubts: example.com.'), 'tiny-random'));
    const sent = JSON.parse(body.messages[1]?.content ?? '') as Record<string, unknown>;
    expect(Object.keys(sent).sort()).toEqual(['profile', 'query', 'sentences', 'sources', 'subqueries']);
    expect(sent.query).toBe(trace.query);
    expect(unboundedStrings(body.response_format.json_schema.schema)).toEqual([]);
    console.info(`tier 2 on the real server: ${run.proposals.length} proposal(s); ${run.status.message}`);
    // Random weights: whatever it proposes must name this answer's own sentences, sources and sub-queries.
    const sentenceTexts = trace.answer.sentences.map((s) => trace.answer.text.slice(s.start, s.end).trim());
    for (const p of run.proposals) {
      expect(p.tier).toBe(2);
      expect(p.agent.name).toBe('stageback-shadow-llm:tiny-random');
      const t = p.feedback.target;
      if (t.type === 'span') expect(sentenceTexts).toContain(t.quote.exact);
      if (t.type === 'source') expect(trace.sources.map((s) => s.id)).toContain(t.sourceId);
      if (t.type === 'subquery') expect(trace.subqueries.map((q) => q.id)).toContain(t.subqueryId);
    }
  });

  it('sends the saved key as a bearer token; the server refuses another with 401 and options say so', async () => {
    const keyed = await startLlamaServer({ apiKey: 'right-key' });
    try {
      await setUp(keyed);
      await writeModelKey(getDb(), 'wrong-key');
      const refused = await runModelTier(trace, '', deps());
      expect(refused.status).toMatchObject({ state: 'failed', code: 'unauthorized' });
      expect(refused.status.message).toContain('refused the key (401)');
      expect(keyed.seen[0]?.authorization).toBe('Bearer wrong-key');
      await writeModelKey(getDb(), 'right-key');
      expect((await testModelConnection(deps())).ok).toBe(true);
    } finally {
      await writeModelKey(getDb(), '');
      await keyed.close();
    }
  });

  it('names a model the server does not have', async () => {
    await setUp(server, 'no-such-model');
    const result = await testModelConnection(deps());
    expect(result).toMatchObject({ ok: false, code: 'no_such_model' });
    expect(result.message).toContain('no model named “no-such-model”');
  });

  it('a server that ignores the JSON schema gets free text from the model: "not valid JSON"', async () => {
    const loose = await startLlamaServer({ ignoreSchema: true });
    try {
      await setUp(loose);
      const run = await runModelTier(trace, '', deps());
      expect(run.status).toMatchObject({ state: 'failed', code: 'invalid_json' });
      expect(run.status.short).toBe('Your model did not answer in JSON.');
      expect(run.proposals).toEqual([]);
    } finally {
      await loose.close();
    }
  });

  it('sends nothing without consent for this origin, nor without the browser’s permission', async () => {
    await setUp(server, 'tiny-random', {
      consent: { origin: 'http://127.0.0.1:1', version: MODEL_CONSENT_VERSION, at: new Date().toISOString() },
    });
    expect((await runModelTier(trace, '', deps())).status.code).toBe('no_consent');
    await setUp(server);
    expect((await runModelTier(trace, '', deps(false))).status.code).toBe('no_permission');
    await shadowSettingsItem.setValue(DEFAULT_SHADOW_SETTINGS);
    expect((await runModelTier(trace, '', deps())).status.state).toBe('off');
    expect(server.seen).toHaveLength(0);
  });
});

describe('tier 2 failures from small real HTTP servers', () => {
  const trace = () => realTrace();
  const cases: {
    name: string;
    answer: Parameters<typeof startAnsweringServer>[0];
    code: string;
    says: string;
    timeoutSeconds?: number;
  }[] = [
    {
      name: 'a 403 names OLLAMA_ORIGINS and the extension’s origin to allow',
      answer: (_req, res) => {
        res.writeHead(403);
        res.end();
      },
      code: 'forbidden',
      says: `OLLAMA_ORIGINS=${EXTENSION_ORIGIN}`,
    },
    {
      name: 'a server that never answers: timeout',
      answer: () => {},
      code: 'timeout',
      says: 'did not answer within 1 s',
      timeoutSeconds: 1,
    },
    {
      name: 'a reply that is not JSON',
      answer: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html>proxy error</html>');
      },
      code: 'invalid_json',
      says: 'not valid JSON',
    },
    {
      name: 'JSON in another shape: schema mismatch',
      answer: (_req, res) => chatReply(res, JSON.stringify({ suggestions: ['a'] })),
      code: 'schema_mismatch',
      says: 'not in the format asked for (proposals:',
    },
    {
      name: 'proposals naming sentences and sources that do not exist',
      answer: (_req, res) =>
        chatReply(
          res,
          JSON.stringify({
            proposals: [
              { kind: 'unsupported_sentence', sentenceId: 'no-such-sentence', reason: 'x' },
              { kind: 'irrelevant_source', sourceId: 'no-such-source', reason: 'y' },
            ],
          }),
        ),
      code: 'unknown_references',
      says: 'not in the answer (2 of 2)',
    },
    {
      name: 'a server error keeps the server’s words',
      answer: (_req, res) => {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'out of memory' } }));
      },
      code: 'http_error',
      says: 'HTTP 500) (out of memory)',
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const server = await startAnsweringServer(c.answer);
      try {
        await setUp(server, 'm', { timeoutSeconds: c.timeoutSeconds ?? 30 });
        const run = await runModelTier(trace(), '', deps());
        expect(run.status).toMatchObject({ tier: 2, state: 'failed', code: c.code });
        expect(run.status.message).toContain(c.says);
        expect(run.status.short.length).toBeLessThan(70);
        expect(run.proposals).toEqual([]);
        expect(server.seen).toHaveLength(1);
      } finally {
        await server.close();
      }
    });
  }

  it('a server that is not running: unreachable', async () => {
    const server = await startAnsweringServer(() => {});
    await server.close();
    await setUp(server, 'm');
    const run = await runModelTier(trace(), '', deps());
    expect(run.status).toMatchObject({ state: 'failed', code: 'unreachable' });
    expect(run.status.message).toContain(`Could not reach ${server.origin}`);
  });
});
