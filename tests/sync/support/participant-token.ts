import { createToken, runCli } from '../../../collector/tests/support/process';

/**
 * An ingest token bound to `participant` (`token create --participant`, the collector of issue 14). A collector
 * without that option gets a plain token: tests that check the participant then fail until it has it.
 */
export async function participantToken(env: Record<string, string>, name: string, participant: string) {
  try {
    const out = await runCli(
      ['token', 'create', '--name', name, '--scope', 'ingest', '--participant', participant],
      env,
    );
    const token = out.trim().split('\n').at(-1);
    if (token) return token;
  } catch {}
  return createToken(env, name);
}
