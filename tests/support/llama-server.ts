import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Llama, LlamaContext, LlamaGrammar, LlamaModel } from 'node-llama-cpp';
import { REPO_ROOT } from './browser';

/** A tiny Llama-2 GGUF with random weights (../shared/models/README.md): it tests plumbing, not judgement. */
export const TINY_MODEL = path.resolve(REPO_ROOT, '../shared/models/llama-2-tiny-random.gguf');

export interface SeenRequest {
  path: string;
  origin: string | undefined;
  authorization: string | undefined;
  body: unknown;
}

export interface TestServer {
  /** The base URL to enter in options, e.g. `http://127.0.0.1:41234/v1`. */
  baseUrl: string;
  origin: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

interface Loaded {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
}

let loaded: Promise<Loaded> | null = null;

/**
 * Loads the model once per test process. `build: 'never'`: the native library is node-llama-cpp's prebuilt one
 * or the one built once at install (see .ci/run), never compiled inside a test.
 */
async function load(): Promise<Loaded> {
  loaded ??= (async () => {
    const { getLlama } = await import('node-llama-cpp');
    const llama = await getLlama({ gpu: false, build: 'never', logLevel: 'error' as never });
    const model = await llama.loadModel({ modelPath: TINY_MODEL });
    // One thread: the test machines are shared, and more threads than free cores make generation crawl.
    const context = await model.createContext({ contextSize: 4096, threads: 1 });
    return { llama, model, context };
  })();
  return loaded;
}

/** JSON schema as OpenAI and llama.cpp's server take it → the subset node-llama-cpp turns into a grammar. */
function toGbnfSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toGbnfSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'anyOf') out.oneOf = toGbnfSchema(value);
    else if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toGbnfSchema(v)]));
    } else out[key] = toGbnfSchema(value);
  }
  if ('const' in out || 'enum' in out) delete out.type;
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function listen(server: Server, seen: SeenRequest[]): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/v1`,
    origin,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * An OpenAI-compatible chat-completions server over node-llama-cpp, as llama.cpp's server or Ollama would answer:
 * `POST /v1/chat/completions` honours `response_format: {type: 'json_schema'}` with a grammar, `apiKey` makes it
 * answer 401 to any other bearer key, an unknown model gets 404. `ignoreSchema`: a server that ignores the schema
 * (the random model then writes free text).
 */
export async function startLlamaServer(
  options: { modelName?: string; apiKey?: string; ignoreSchema?: boolean } = {},
): Promise<TestServer> {
  const { llama, context } = await load();
  const modelName = options.modelName ?? 'tiny-random';
  const grammars = new Map<string, Promise<LlamaGrammar>>();
  const seen: SeenRequest[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  const complete = async (body: {
    messages?: { role: string; content: string }[];
    response_format?: { type?: string; json_schema?: { schema?: unknown } };
    max_tokens?: number;
  }) => {
    const { LlamaChatSession } = await import('node-llama-cpp');
    const messages = body.messages ?? [];
    const system = messages.find((m) => m.role === 'system')?.content;
    const user = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    let grammar: LlamaGrammar | undefined;
    const schema = body.response_format?.json_schema?.schema;
    if (!options.ignoreSchema && body.response_format?.type === 'json_schema' && schema) {
      const key = JSON.stringify(schema);
      if (!grammars.has(key)) {
        grammars.set(key, llama.createGrammarForJsonSchema(toGbnfSchema(schema) as never));
      }
      grammar = await grammars.get(key);
    }
    const sequence = context.getSequence();
    try {
      const session = new LlamaChatSession({ contextSequence: sequence, systemPrompt: system });
      const text = await session.prompt(user, { grammar, maxTokens: Math.min(body.max_tokens ?? 1000, 1000) });
      session.dispose({ disposeSequence: false });
      return text;
    } finally {
      sequence.dispose();
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const raw = req.method === 'POST' ? await readBody(req) : '';
      let body: Record<string, unknown> = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        return send(res, 400, { error: { message: 'the request body is not JSON' } });
      }
      seen.push({ path: req.url ?? '', origin: req.headers.origin, authorization: req.headers.authorization, body });
      if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        return send(res, 401, { error: { message: 'Invalid API Key', type: 'authentication_error' } });
      }
      if (req.method === 'GET' && req.url === '/v1/models') {
        return send(res, 200, { object: 'list', data: [{ id: modelName, object: 'model' }] });
      }
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        return send(res, 404, { error: { message: 'not found' } });
      }
      if (body.model !== modelName)
        return send(res, 404, { error: { message: `model "${String(body.model)}" not found` } });
      const run = queue.then(() => complete(body));
      queue = run.catch(() => {});
      try {
        const content = await run;
        send(res, 200, {
          id: `chatcmpl-${seen.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: modelName,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        });
      } catch (error) {
        send(res, 500, { error: { message: error instanceof Error ? error.message : String(error) } });
      }
    })();
  });
  return listen(server, seen);
}

/**
 * A small real HTTP server for what the model server cannot be made to do: `answer` writes each reply (a status
 * and body, or never answering). Requests are recorded like the model server's.
 */
export async function startAnsweringServer(
  answer: (req: IncomingMessage, res: ServerResponse, body: unknown) => void,
): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {}
      seen.push({ path: req.url ?? '', origin: req.headers.origin, authorization: req.headers.authorization, body });
      answer(req, res, body);
    });
  });
  return listen(server, seen);
}

/** A chat-completions reply whose message content is `content`. */
export function chatReply(res: ServerResponse, content: string) {
  send(res, 200, {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'test',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  });
}

/** Ollama's answer to a request whose Origin is not in OLLAMA_ORIGINS: 403 with an empty body. */
export function ollamaOriginCheck(allowed: string[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    if (origin && !allowed.includes(origin)) {
      res.writeHead(403);
      res.end();
      return;
    }
    chatReply(res, JSON.stringify({ proposals: [] }));
  };
}
