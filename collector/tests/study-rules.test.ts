import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CollectorProcess, createToken, runCli, spawnCollector, tempDataDir } from './support/process';
import { sqliteTarget } from './support/targets';

const RULE = {
  id: 'rule-1',
  origin: 'https://askwell.example',
  pathPrefix: '/search',
  name: 'askwell.example',
  answer: ['div[data-panel="generated-answer"]'],
  sources: ['body > div > div:nth-of-type(2) > ol'],
  createdAt: '2026-12-01T10:00:00.000Z',
  from: { kind: 'user' },
};

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('taught sites a study offers (real process, SQLite)', () => {
  const target = sqliteTarget();
  let env: Record<string, string>;
  let server: CollectorProcess;
  let rulesDir: string;

  beforeAll(async () => {
    rulesDir = path.join(tempDataDir(), 'study-rules');
    await mkdir(rulesDir, { recursive: true });
    env = { ...(await target.setUp()), ENROL_BURST: '1000', STUDY_RULES_DIR: rulesDir };
    server = await spawnCollector(env);
  });
  afterAll(async () => {
    await server?.stop();
    await target.tearDown();
  });

  const join = async (name: string) => {
    const consent = path.join(tempDataDir(), 'consent.md');
    await writeFile(consent, 'Consent text.');
    const out = await runCli(['study', 'create', '--consent-file', consent, '--name', name], env);
    const code = /\/enrol\/(sbe_[A-Za-z0-9_-]{22})$/.exec(out.trim().split('\n').at(-1) ?? '')?.[1];
    const enrolled = (await (await post(`${server.url}/v1/enrol`, { code })).json()) as {
      token: string;
      study: { id: string };
    };
    return enrolled;
  };
  const rulesFor = (token: string) =>
    fetch(`${server.url}/v1/study/rules`, { headers: { Authorization: `Bearer ${token}` } });

  it("gives a participant their study's rules file, none to a study without one, and refuses other tokens", async () => {
    const alice = await join('Tides');
    await writeFile(
      path.join(rulesDir, `${alice.study.id}.json`),
      JSON.stringify({ format: 'stageback-taught-rules', version: 1, rules: [RULE] }),
    );
    const offered = await rulesFor(alice.token);
    expect(offered.status).toBe(200);
    expect(await offered.json()).toEqual({ studyId: 'tides', rules: [RULE] });

    const bob = await join('Other study');
    expect(await (await rulesFor(bob.token)).json()).toEqual({ studyId: 'other-study', rules: [] });

    const plain = await createToken(env, 'sync-only');
    const refused = await rulesFor(plain);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatch(/not belong to a study participant/);
    expect((await fetch(`${server.url}/v1/study/rules`)).status).toBe(401);
  });

  it('refuses a rules file that does not validate, sending none of it', async () => {
    const carol = await join('Broken rules');
    await writeFile(
      path.join(rulesDir, `${carol.study.id}.json`),
      JSON.stringify({
        format: 'stageback-taught-rules',
        version: 1,
        rules: [RULE, { ...RULE, origin: 'http://insecure.example', answer: ['main { color: red }'] }],
      }),
    );
    const res = await rulesFor(carol.token);
    expect(res.status).toBe(500);
    expect((await res.json()).error).toMatch(/not valid/);
    expect(server.log()).toMatch(/study rules file is not valid/);
  });
});
