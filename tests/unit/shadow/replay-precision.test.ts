/**
 * Tier 1 against the simulated users' histories on the real saved pages (tests/fixtures/shadow-history): at the
 * shipped thresholds, every kind it proposes at least 20 times for a user is right at least 70% of the time.
 * The histories go through the canonical log format and its parser, as `npm run shadow:eval` reads them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLog } from '../../../storage/import/jsonl-import';
import { precisionOf, type ReplayResult, replay } from '../../../utils/shadow/replay';
import { tier1 } from '../../../utils/shadow/tier1';
import { PROPOSAL_KINDS } from '../../../utils/shadow/types';
import { buildHistories, toLog } from '../../fixtures/shadow-history/generate';
import { HAVE_REAL_PAGES } from '../../fixtures/shadow-history/pages';

const TIER1_KINDS = ['unreliable_source', 'source_grade', 'missing_aspect', 'citation_check'] as const;

describe.skipIf(!HAVE_REAL_PAGES)('shadow replay on the simulated users (real saved pages)', () => {
  const results = new Map<string, ReplayResult>();
  beforeAll(async () => {
    for (const history of await buildHistories()) {
      const parsed = await parseLog(toLog(history));
      if (!parsed.ok) throw new Error(`${history.user.id}: ${parsed.error.message}`);
      results.set(history.user.id, await replay(parsed.parsed.traces, parsed.parsed.events, { tiers: [tier1] }));
    }
  }, 300_000);

  it('has three users whose histories are valid Stageback logs', () => {
    expect(results.size).toBe(3);
    for (const r of results.values()) expect(r.judgedAnswers).toBeGreaterThan(40);
  });

  it('holds tier 1 to precision ≥ 0.7 for every (user, kind) with at least 20 proposals', () => {
    const checked: string[] = [];
    for (const [user, r] of results) {
      for (const s of r.scores) {
        if (s.tier !== 1 || s.proposals < 20) continue;
        checked.push(`${user} ${s.kind} ${s.agreed}/${s.proposals}`);
        expect(precisionOf(s), `${user} ${s.kind}: ${s.agreed}/${s.proposals}`).toBeGreaterThanOrEqual(0.7);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(4);
  });

  it('proposes each tier-1 kind at least 20 times for some user', () => {
    for (const kind of TIER1_KINDS) {
      const most = Math.max(...[...results.values()].map((r) => r.scores.find((s) => s.kind === kind)?.proposals ?? 0));
      expect(most, kind).toBeGreaterThanOrEqual(20);
    }
    expect(PROPOSAL_KINDS).toEqual(expect.arrayContaining([...TIER1_KINDS]));
  });

  it('backs off a kind the user never confirms: a user who never checks citations gets fewer than 10 checks', () => {
    for (const user of ['sam-source-skeptic', 'alex-completeness']) {
      const checks = results.get(user)?.scores.find((s) => s.kind === 'citation_check');
      expect(checks?.agreed ?? 0).toBe(0);
      expect(checks?.proposals ?? 0).toBeLessThan(10);
    }
  });
});
