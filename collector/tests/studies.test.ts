import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLines, ingest } from './support/client';
import { traceWithEvents } from './support/items';
import { type CollectorProcess, createToken, runCli, spawnCollector, tempDataDir } from './support/process';
import { sqliteTarget, storeTargets } from './support/targets';

const CONSENT = 'Study of AI answers run by <b>Lab X</b>.\nYou may leave at any time: Stageback → Options → Leave.';

/** `study create` through the CLI; the enrolment link is the last line it prints. */
async function createStudy(env: Record<string, string>, args: string[]): Promise<{ link: string; code: string }> {
  const consentFile = path.join(tempDataDir(), 'consent.md');
  await writeFile(consentFile, CONSENT);
  const stdout = await runCli(['study', 'create', '--consent-file', consentFile, ...args], env);
  const link = stdout.trim().split('\n').at(-1) ?? '';
  const code = /\/enrol\/(sbe_[A-Za-z0-9_-]{22})$/.exec(link)?.[1];
  if (!code) throw new Error(`study create did not end with an enrolment link: ${stdout}`);
  return { link, code };
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

for (const target of storeTargets()) {
  describe.skipIf(!target.available)(`studies and enrolment on ${target.name} (real process)`, () => {
    let env: Record<string, string>;
    let server: CollectorProcess;
    let admin: string;
    const enrol = (code: string) => post(`${server.url}/v1/enrol`, { code });
    const receipts = (token: string) =>
      fetch(`${server.url}/v1/receipts`, { headers: { Authorization: `Bearer ${token}` } });

    beforeAll(async () => {
      env = { ...(await target.setUp()), ENROL_BURST: '1000', PUBLIC_URL: 'https://collector.example' };
      admin = await createToken(env, 'researcher', 'admin');
      server = await spawnCollector(env);
    });
    afterAll(async () => {
      await server?.stop();
      await target.tearDown();
    });

    it('creates a study whose link opens a page, shows the study and its consent text, and enrols fresh participants', async () => {
      const { link, code } = await createStudy(env, ['--name', 'Sleep answers <2026>', '--max-enrolments', '10']);
      expect(link).toBe(`https://collector.example/enrol/${code}`);
      expect(await runCli(['study', 'list'], env)).toMatch(
        /^sleep-answers-2026 {2}"Sleep answers <2026>" {2}enrolled 0 of 10 {2}withdrawn 0$/m,
      );

      const page = await fetch(`${server.url}/enrol/${code}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Join the study “Sleep answers &#60;2026&#62;”');
      expect(html).toContain('Join a study');
      expect(html).not.toContain('<script');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(server.log()).not.toContain(code); // the shared code is not logged

      const preview = await post(`${server.url}/v1/enrol/study`, { code });
      expect(preview.status).toBe(200);
      expect(await preview.json()).toEqual({
        study: { id: 'sleep-answers-2026', name: 'Sleep answers <2026>', consentText: CONSENT, expiresAt: null },
      });

      const first = await enrol(code);
      expect(first.status).toBe(201);
      const alice = (await first.json()) as { token: string; participantId: string; study: { id: string } };
      const bob = (await (await enrol(code)).json()) as { token: string; participantId: string };
      expect(alice.participantId).toMatch(/^p-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(bob.participantId).not.toBe(alice.participantId);
      expect(bob.token).not.toBe(alice.token);
      expect(alice.study.id).toBe('sleep-answers-2026');
      const who = await fetch(`${server.url}/v1/whoami`, { headers: { Authorization: `Bearer ${alice.token}` } });
      expect(await who.json()).toMatchObject({ scope: 'ingest', participantId: alice.participantId });

      // Rows carry the participant and the study of the enrolment, whatever the study header says.
      const given = traceWithEvents();
      expect(
        (await ingest(server.url, alice.token, { batch: given.items }, { 'X-Stageback-Study': 'other' })).status,
      ).toBe(207);
      const rows = (await exportLines(server.url, admin)).filter((l) => l.participantId === alice.participantId);
      expect(rows).toHaveLength(5);
      expect(new Set(rows.map((r) => r.studyId))).toEqual(new Set(['sleep-answers-2026']));
      expect(await runCli(['study', 'list'], env)).toMatch(/enrolled 2 of 10 {2}withdrawn 0/);
    });

    it('refuses a malformed, unknown, expired or used-up code with its own status and message, enrolling no one', async () => {
      const malformed = await enrol('not-a-code');
      expect(malformed.status).toBe(400);
      expect((await malformed.json()).error).toMatch(/not a Stageback enrolment code/);
      const unknown = await enrol('sbe_AAAAAAAAAAAAAAAAAAAAAA');
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).error).toMatch(/knows no study with this enrolment code/);
      expect((await post(`${server.url}/v1/enrol/study`, { code: 'sbe_AAAAAAAAAAAAAAAAAAAAAA' })).status).toBe(404);
      expect((await fetch(`${server.url}/enrol/sbe_AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);

      const expired = await createStudy(env, ['--name', 'Old', '--expires', '2020-01-31']);
      for (const res of [await enrol(expired.code), await post(`${server.url}/v1/enrol/study`, expired)]) {
        expect(res.status).toBe(410);
        expect((await res.json()).error).toMatch(/expired/);
      }
      expect(await runCli(['study', 'list'], env)).toMatch(
        /^old {2}"Old" {2}enrolled 0 {2}withdrawn 0 {2}code expires 2020-02-01T00:00:00.000Z$/m,
      );

      const small = await createStudy(env, ['--name', 'Small', '--max-enrolments', '3', '--expires', '2099-12-31']);
      // Twelve at once: exactly three get in, whatever the order.
      const answers = await Promise.all(Array.from({ length: 12 }, () => enrol(small.code)));
      expect(answers.map((r) => r.status).sort()).toEqual([...Array(3).fill(201), ...Array(9).fill(409)]);
      const full = answers.find((r) => r.status === 409) as Response;
      expect((await full.json()).error).toMatch(/This study is full/);
      expect((await post(`${server.url}/v1/enrol/study`, small)).status).toBe(409);
      expect(await runCli(['study', 'list'], env)).toMatch(/^small {2}"Small" {2}enrolled 3 of 3 {2}withdrawn 0/m);
    });

    it('refuses study create without a name, a readable consent file, or with a taken id', async () => {
      await expect(runCli(['study', 'create', '--consent-file', '/nonexistent'], env)).rejects.toThrow(/--name/);
      await expect(runCli(['study', 'create', '--name', 'x', '--consent-file', '/nonexistent'], env)).rejects.toThrow(
        /cannot read/,
      );
      await createStudy(env, ['--name', 'Twice']);
      await expect(createStudy(env, ['--name', 'Twice'])).rejects.toThrow(/exists already/);
      await expect(createStudy(env, ['--name', 'Bad', '--expires', 'soon'])).rejects.toThrow(/--expires/);
      await expect(createStudy(env, ['--name', 'Bad', '--max-enrolments', '0'])).rejects.toThrow(/--max-enrolments/);
    });

    it("answers GET /v1/receipts with the counts it holds for the token's participant, by stage", async () => {
      const { code } = await createStudy(env, ['--name', 'Receipts']);
      const carol = (await (await enrol(code)).json()) as { token: string; participantId: string };
      expect(await (await receipts(carol.token)).json()).toEqual({
        participantId: carol.participantId,
        studyId: 'receipts',
        traces: 0,
        events: 0,
        eventsByStage: {},
        lastStoredAt: null,
      });
      const given = traceWithEvents();
      await ingest(server.url, carol.token, { batch: given.items });
      await ingest(server.url, carol.token, { batch: given.items }); // duplicates are not counted twice
      const counted = await (await receipts(carol.token)).json();
      expect(counted).toMatchObject({
        traces: 1,
        events: 4,
        eventsByStage: { decomposition: 1, retrieval: 1, answer: 1, overall: 1 },
      });
      expect(Date.parse(counted.lastStoredAt)).toBeGreaterThan(Date.now() - 60_000);

      const team = await createToken(env, 'team');
      expect((await receipts(team)).status).toBe(403);

      const gone = await fetch(`${server.url}/v1/participants/${carol.participantId}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${carol.token}` },
      });
      expect(await gone.json()).toMatchObject({ deleted: { traces: 1, events: 4 }, tokensRevoked: 1 });
      expect((await receipts(carol.token)).status).toBe(410);
      expect(await runCli(['study', 'list'], env)).toMatch(/^receipts {2}"Receipts" {2}enrolled 1 {2}withdrawn 1$/m);
    });
  });
}

describe('enrolment rate limit (SQLite, real process)', () => {
  const target = sqliteTarget();
  let server: CollectorProcess;
  let env: Record<string, string>;
  beforeAll(async () => {
    env = { ...(await target.setUp()), ENROL_BURST: '3', ENROL_RATE_PER_MINUTE: '1' };
    server = await spawnCollector(env);
  });
  afterAll(async () => {
    await server?.stop();
    await target.tearDown();
  });

  it('answers 429 with Retry-After once an address has tried too many codes, on the enrolment routes and the link page', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await post(`${server.url}/v1/enrol`, { code: `sbe_${'A'.repeat(21)}${i}` })).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    const limited = await post(`${server.url}/v1/enrol/study`, { code: 'sbe_AAAAAAAAAAAAAAAAAAAAAA' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error).toMatch(/Too many enrolment attempts/);
    // The link's page looks codes up too: it takes from the same bucket.
    expect((await fetch(`${server.url}/enrol/sbe_AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(429);
  });
});
