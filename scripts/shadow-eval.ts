/**
 * Replays a Stageback log (the canonical JSONL export) and scores the shadow agent against what the user did.
 *   npm run shadow:eval -- <stageback-log.jsonl> [--seed N]
 * Exit codes: 0 replayed, 2 bad arguments, unreadable or invalid log.
 */
// First: the proposals' words are read through browser.i18n, answered here from the English files.
import './english-words';
import { readFile } from 'node:fs/promises';
import { parseLog } from '../storage/import/jsonl-import';
import { formatReplay, replay } from '../utils/shadow/replay';
import { tier1 } from '../utils/shadow/tier1';

const USAGE = 'usage: npm run shadow:eval -- <stageback-log.jsonl> [--seed N]';

function fail(message: string): never {
  process.stderr.write(`shadow:eval: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let file: string | undefined;
  let seed = 1;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--seed') seed = Number(args[++i]);
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return;
    } else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
    else if (file === undefined) file = arg;
    else fail(`unexpected argument ${arg}`);
  }
  if (!file) fail('missing the log file');
  if (!Number.isInteger(seed)) fail('--seed takes a whole number');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = await parseLog(text);
  if (!parsed.ok) {
    const lines = parsed.error.issues.map((i) => `  line ${i.line}: ${i.message}`).join('\n');
    fail(`${file} is not a valid Stageback log: ${parsed.error.message}${lines ? `\n${lines}` : ''}`);
  }
  const { traces, events } = parsed.parsed;
  const result = await replay(traces, events, { tiers: [tier1], seed });
  process.stdout.write(`${file}: ${traces.length} answers, ${events.length} events\n${formatReplay(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`shadow:eval: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(2);
});
