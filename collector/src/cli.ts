import { parseArgs } from 'node:util';
import { uuidv7 } from '../../utils/uuidv7';
import { readConfig } from './config';
import { stderrLogger } from './log';
import { startServer } from './server';
import { openStore } from './store/open';
import { STUDY_USAGE, StudyUsageError, studyCommand } from './study-cli';
import { generateToken, hashToken, participantIdProblem, TOKEN_SCOPES, type TokenScope } from './tokens';

const USAGE = `Stageback collector

  npm run collector                                   serve (SQLite under DATA_DIR, or PostgreSQL at DATABASE_URL)
  npm run collector -- token create --name <name> [--scope ingest|admin] [--participant <id>]
                                                      print a new token (its last line); shown once;
                                                      --participant binds an ingest token to one participant
  npm run collector -- token list                     list tokens (never their secrets)
  npm run collector -- token revoke <id-or-name>      revoke a token at once
${STUDY_USAGE}

Environment: PORT (8787), HOST (127.0.0.1), DATA_DIR, DATABASE_URL, MAX_BODY_BYTES, MAX_BATCH_ITEMS,
RATE_LIMIT_RPS, RATE_LIMIT_BURST, RATE_LIMIT_ITEMS_PER_SECOND, RATE_LIMIT_ITEMS_BURST, ALLOWED_EXTENSION_IDS,
ENROL_RATE_PER_MINUTE, ENROL_BURST, PUBLIC_URL.
See docs/collector.md.`;

async function serveCommand(): Promise<void> {
  const config = readConfig();
  const store = await openStore(config);
  const running = await startServer(store, config, stderrLogger);
  if ((await store.listTokens()).every((token) => token.revokedAt)) {
    stderrLogger('warn', 'no live tokens yet: run `npm run collector -- token create --name <name>`');
  }
  if (config.allowedExtensionIds === null) {
    stderrLogger(
      'warn',
      'ALLOWED_EXTENSION_IDS is not set: any browser extension origin may call the collector (CORS); set it to your extension ids',
    );
  }
  const shutdown = async (signal: string) => {
    stderrLogger('info', 'shutting down', { signal });
    await running.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

async function tokenCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      scope: { type: 'string', default: 'ingest' },
      participant: { type: 'string' },
    },
    allowPositionals: true,
  });
  const store = await openStore(readConfig());
  try {
    if (action === 'create') {
      const name = values.name?.trim();
      if (!name) throw new UsageError('token create needs --name <name>');
      const scope = values.scope as TokenScope;
      if (!TOKEN_SCOPES.includes(scope)) throw new UsageError(`--scope must be one of ${TOKEN_SCOPES.join(', ')}`);
      const participantId = values.participant ?? null;
      if (participantId !== null) {
        if (scope !== 'ingest') throw new UsageError('--participant binds an ingest token; an admin token has none');
        const problem = participantIdProblem(participantId);
        if (problem) throw new UsageError(`--participant: ${problem}`);
        if (await store.isWithdrawn(participantId)) {
          throw new UsageError(`participant ${participantId} has withdrawn; no new token can be bound to them`);
        }
      }
      const token = generateToken();
      const id = uuidv7();
      await store.createToken({
        id,
        name,
        scope,
        participantId,
        hash: hashToken(token),
        createdAt: new Date().toISOString(),
      });
      const bound = participantId === null ? '' : `, participant ${participantId}`;
      console.log(`Created token "${name}" (id ${id}, scope ${scope}${bound}). It is shown only now; keep it secret:`);
      console.log(token);
    } else if (action === 'list') {
      for (const t of await store.listTokens()) {
        console.log(
          `${t.id}  ${t.name}  ${t.scope}${t.participantId ? `  participant ${t.participantId}` : ''}  created ${t.createdAt}${t.revokedAt ? `  revoked ${t.revokedAt}` : ''}`,
        );
      }
    } else if (action === 'revoke') {
      const target = positionals[0];
      if (!target) throw new UsageError('token revoke needs a token id or name');
      const count = await store.revokeToken(target, new Date().toISOString());
      if (count === 0) throw new UsageError(`no live token with id or name "${target}"`);
      console.log(`Revoked ${count} token(s).`);
    } else {
      throw new UsageError(`unknown token action "${action ?? ''}"`);
    }
  } finally {
    await store.close();
  }
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'serve') return serveCommand();
  if (command === 'token') return tokenCommand(rest);
  if (command === 'study') {
    const config = readConfig();
    const store = await openStore(config);
    try {
      return await studyCommand(rest, store, config, (line) => console.log(line));
    } finally {
      await store.close();
    }
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  throw new UsageError(`unknown command "${command}"`);
}

main(process.argv.slice(2)).catch((caught: unknown) => {
  if (caught instanceof UsageError || caught instanceof StudyUsageError) {
    console.error(`${caught.message}\n\n${USAGE}`);
    process.exit(2);
  }
  stderrLogger('error', 'collector failed', { error: (caught as Error).message });
  process.exit(1);
});
