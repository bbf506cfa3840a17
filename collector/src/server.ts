import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import type { CollectorConfig } from './config';
import type { Logger } from './log';
import { SqliteStore } from './store/sqlite';
import type { Store } from './store/types';

export interface RunningCollector {
  url: string;
  close(): Promise<void>;
}

/** Serves `store` on host:port (port 0 picks a free one) until `close`. */
export async function startServer(
  store: Store,
  config: Pick<CollectorConfig, 'host' | 'port' | 'limits' | 'rateLimit'> &
    Partial<Pick<CollectorConfig, 'allowedExtensionIds' | 'enrolRateLimit' | 'studyRulesDir'>>,
  log: Logger,
): Promise<RunningCollector> {
  const app = createApp({
    store,
    limits: config.limits,
    rateLimit: config.rateLimit,
    allowedExtensionIds: config.allowedExtensionIds ?? null,
    enrolRateLimit: config.enrolRateLimit,
    studyRulesDir: config.studyRulesDir,
    log,
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      const url = `http://${host}:${info.port}`;
      log('info', 'listening', {
        url,
        store: store.kind,
        ...(store instanceof SqliteStore ? { file: store.file } : {}),
      });
      resolve({
        url,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
