import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../utils/uuidv7';
import { exportLines, ingest } from './support/client';
import { traceWithEvents } from './support/items';
import { type CollectorProcess, createToken, runCli, spawnCollector } from './support/process';
import { storeTargets } from './support/targets';

/** Finding 1 of issue 14: a token is bound to one participant, which it alone (or an admin) may withdraw. */
for (const target of storeTargets()) {
  describe.skipIf(!target.available)(`participant-bound tokens on ${target.name} (real process)`, () => {
    let env: Record<string, string>;
    let server: CollectorProcess;
    let team: string;
    let admin: string;

    const newParticipant = async () => {
      const id = `p-${uuidv7()}`;
      return { id, token: await createToken(env, `browser-${id}`, 'ingest', id) };
    };
    const withdraw = (id: string, token: string) =>
      fetch(`${server.url}/v1/participants/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    const whoami = (token: string) =>
      fetch(`${server.url}/v1/whoami`, { headers: { Authorization: `Bearer ${token}` } });
    const participantOf = async (id: string) =>
      (await exportLines(server.url, admin)).find((line) => line.id === id)?.participantId;

    beforeAll(async () => {
      env = await target.setUp();
      [team, admin] = await Promise.all([createToken(env, 'team'), createToken(env, 'researcher', 'admin')]);
      server = await spawnCollector(env);
    });
    afterAll(async () => {
      await server?.stop();
      await target.tearDown();
    });

    it('takes the participant from the token and ignores X-Stageback-Participant', async () => {
      const alice = await newParticipant();
      const bob = await newParticipant();
      const spoofed = traceWithEvents();
      const res = await ingest(
        server.url,
        alice.token,
        { batch: spoofed.items },
        { 'X-Stageback-Participant': bob.id },
      );
      expect(res.status).toBe(207);
      expect(await participantOf(spoofed.trace.id)).toBe(alice.id);

      // A token bound to no participant stores without one, whatever the header says.
      const unbound = traceWithEvents();
      await ingest(server.url, team, { batch: unbound.items }, { 'X-Stageback-Participant': bob.id });
      expect(await participantOf(unbound.trace.id)).toBeNull();
      // Even a malformed header is ignored now rather than refusing the batch.
      const odd = traceWithEvents();
      expect((await ingest(server.url, team, { batch: odd.items }, { 'X-Stageback-Participant': 'a b' })).status).toBe(
        207,
      );
    });

    it('answers GET /v1/whoami with the token name, scope and participant', async () => {
      const alice = await newParticipant();
      expect(await (await whoami(alice.token)).json()).toEqual({
        token: `browser-${alice.id}`,
        scope: 'ingest',
        participantId: alice.id,
      });
      expect(await (await whoami(team)).json()).toEqual({ token: 'team', scope: 'ingest', participantId: null });
      expect(await (await whoami(admin)).json()).toEqual({ token: 'researcher', scope: 'admin', participantId: null });
      expect((await whoami('sbk_nothing')).status).toBe(401);
    });

    it('lets a participant token withdraw only its own participant, and an unbound ingest token none', async () => {
      const alice = await newParticipant();
      const bob = await newParticipant();
      const bobs = traceWithEvents();
      await ingest(server.url, bob.token, { batch: bobs.items });

      const byAlice = await withdraw(bob.id, alice.token);
      expect(byAlice.status).toBe(403);
      expect((await byAlice.json()).error).toMatch(/only its own participant/);
      const byTeam = await withdraw(bob.id, team);
      expect(byTeam.status).toBe(403);
      expect((await byTeam.json()).error).toMatch(/not bound to a participant/);
      expect(await participantOf(bobs.trace.id)).toBe(bob.id);
      expect((await ingest(server.url, bob.token, { batch: traceWithEvents().items })).status).toBe(207);

      // An id nobody has yet cannot be blocked in advance, by a participant's token or the team's.
      const future = `p-${uuidv7()}`;
      expect((await withdraw(future, alice.token)).status).toBe(403);
      expect((await withdraw(future, team)).status).toBe(403);
      const later = await createToken(env, 'future', 'ingest', future);
      expect((await ingest(server.url, later, { batch: traceWithEvents().items })).status).toBe(207);
    });

    it('lets an admin token withdraw anyone, and answers 404 for an id no token or record knows', async () => {
      const unknown = `p-${uuidv7()}`;
      const res = await withdraw(unknown, admin);
      expect(res.status).toBe(404);
      expect((await res.json()).error).toMatch(/no participant/);
      // The 404 did not mark it withdrawn: a token made for it later works.
      const later = await createToken(env, 'after-404', 'ingest', unknown);
      expect((await ingest(server.url, later, { batch: traceWithEvents().items })).status).toBe(207);

      const carol = await newParticipant();
      await ingest(server.url, carol.token, { batch: traceWithEvents().items });
      const byAdmin = await withdraw(carol.id, admin);
      expect(byAdmin.status).toBe(200);
      expect(await byAdmin.json()).toMatchObject({ participantId: carol.id, deleted: { traces: 1, events: 4 } });
      // Withdrawn ids stay known: repeating is harmless.
      expect((await withdraw(carol.id, admin)).status).toBe(200);
    });

    it("revokes the participant's tokens on withdrawal: 410 saying so for them, 401 for tokens revoked otherwise", async () => {
      const dave = await newParticipant();
      const secondDevice = await createToken(env, 'dave-phone', 'ingest', dave.id);
      const kept = traceWithEvents();
      expect((await ingest(server.url, dave.token, { batch: kept.items })).status).toBe(207);

      const res = await withdraw(dave.id, dave.token);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ participantId: dave.id, deleted: { traces: 1, events: 4 }, tokensRevoked: 2 });

      for (const token of [dave.token, secondDevice]) {
        const again = await ingest(server.url, token, { batch: kept.items });
        expect(again.status).toBe(410);
        expect((await again.json()).error).toMatch(
          new RegExp(`participant ${dave.id} has withdrawn; this token was revoked`),
        );
        expect((await whoami(token)).status).toBe(410);
        expect((await withdraw(dave.id, token)).status).toBe(410);
      }
      expect(await participantOf(kept.trace.id)).toBeUndefined();
      expect(await runCli(['token', 'list'], env)).toMatch(
        new RegExp(`participant ${dave.id} {2}created \\S+ {2}revoked`),
      );
      await expect(runCli(['token', 'create', '--name', 'dave-again', '--participant', dave.id], env)).rejects.toThrow(
        /has withdrawn/,
      );

      const erin = await newParticipant();
      await runCli(['token', 'revoke', `browser-${erin.id}`], env);
      const revoked = await ingest(server.url, erin.token, { batch: traceWithEvents().items });
      expect(revoked.status).toBe(401);
      expect((await revoked.json()).error).toMatch(/revoked/);
    });

    it('refuses --participant on an admin token and ids that are malformed or reserved', async () => {
      for (const args of [
        ['--scope', 'admin', '--participant', 'p-1'],
        ['--participant', 'has spaces'],
        ['--participant', 'legacy'],
        ['--participant', 'token:0190'],
      ]) {
        await expect(runCli(['token', 'create', '--name', 'x', ...args], env)).rejects.toThrow(/--participant/);
      }
    });
  });
}
