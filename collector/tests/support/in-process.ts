import { rm } from 'node:fs/promises';
import { uuidv7 } from '../../../utils/uuidv7';
import { DEFAULT_LIMITS, DEFAULT_RATE_LIMIT } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startServer } from '../../src/server';
import { openStore } from '../../src/store/open';
import { generateToken, hashToken } from '../../src/tokens';
import { tempDataDir } from './process';

/** createApp served in this process over real HTTP on loopback, with small limits that are quick to hit. */
export async function serveInProcess(
  options: { maxBodyBytes?: number; maxBatchItems?: number } & Partial<typeof DEFAULT_RATE_LIMIT> = {},
) {
  const dataDir = tempDataDir();
  const store = await openStore({ dataDir, databaseUrl: undefined });
  const token = generateToken();
  await store.createToken({
    id: uuidv7(),
    name: 'test',
    scope: 'ingest',
    participantId: null,
    hash: hashToken(token),
    createdAt: new Date().toISOString(),
  });
  const running = await startServer(
    store,
    {
      host: '127.0.0.1',
      port: 0,
      limits: {
        maxBodyBytes: options.maxBodyBytes ?? DEFAULT_LIMITS.maxBodyBytes,
        maxBatchItems: options.maxBatchItems ?? DEFAULT_LIMITS.maxBatchItems,
      },
      rateLimit: {
        ratePerSecond: options.ratePerSecond ?? DEFAULT_RATE_LIMIT.ratePerSecond,
        burst: options.burst ?? DEFAULT_RATE_LIMIT.burst,
        itemsPerSecond: options.itemsPerSecond ?? DEFAULT_RATE_LIMIT.itemsPerSecond,
        itemsBurst: options.itemsBurst ?? DEFAULT_RATE_LIMIT.itemsBurst,
      },
    },
    silentLogger,
  );
  const close = async () => {
    await running.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { store, token, running, close };
}

export type InProcessServer = Awaited<ReturnType<typeof serveInProcess>>;
