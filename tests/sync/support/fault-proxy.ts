import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** What the proxy does with the next requests. */
export type Fault =
  | { kind: 'pass' }
  /** Answer this status itself (the collector never sees the request). */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Close the connection without an answer, as a collector that is down. */
  | { kind: 'drop' }
  /** Forward, but hold the answer back this long. */
  | { kind: 'delay'; ms: number }
  /** Forward the whole request, then call `hook` (e.g. SIGKILL the collector) before any answer. */
  | { kind: 'after-forward'; hook: () => Promise<void> }
  /** Refuse gzip bodies with 415, pass the rest. */
  | { kind: 'no-gzip' }
  /** Answer `status` to requests whose (decompressed) body contains `text`, as a collector that cannot store one item; pass the rest. */
  | { kind: 'fail-if-contains'; text: string; status: number };

export interface FaultProxy {
  url: string;
  /** Where requests go; can change when the collector restarts on another port. */
  target: string;
  fault: Fault;
  /** Requests seen so far, with their method, path and headers. */
  requests: { method: string; path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** A small HTTP proxy in front of the real collector that injects faults. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const proxy = {
    url: '',
    target,
    fault: { kind: 'pass' } as Fault,
    requests: [] as FaultProxy['requests'],
    close: async () => {},
  };
  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse) {
    proxy.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const fault = proxy.fault;
    if (fault.kind === 'status') {
      res.writeHead(fault.status, { 'Content-Type': 'application/json', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ error: `injected ${fault.status}` }));
      return;
    }
    if (fault.kind === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (fault.kind === 'no-gzip' && req.headers['content-encoding'] === 'gzip') {
      res.writeHead(415, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'gzip not accepted here' }));
      return;
    }
    if (fault.kind === 'fail-if-contains') {
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
      if (text.includes(fault.text)) {
        res.writeHead(fault.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'internal error' }));
        return;
      }
    }
    const upstream = new URL(req.url ?? '/', proxy.target);
    const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
    const forwarded = request(upstream, { method: req.method, headers }, async (up) => {
      const answer: Buffer[] = [];
      for await (const chunk of up) answer.push(chunk as Buffer);
      if (fault.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
      if (res.destroyed) return;
      res.writeHead(up.statusCode ?? 502, up.headers);
      res.end(Buffer.concat(answer));
    });
    forwarded.on('error', () => res.socket?.destroy());
    forwarded.end(body);
    if (fault.kind === 'after-forward') {
      await fault.hook();
      res.socket?.destroy();
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
