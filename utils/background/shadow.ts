/**
 * The shadow agent in the background: proposes for an answer (once per answer; the same open proposals come back
 * after a reload), stores each shown proposal as a `shadow` event with its evidence, and turns the user's one-key
 * answer into a `shadow_confirmed` or `shadow_rejected` event that supersedes it. Never runs on the page.
 */
import Dexie from 'dexie';
import type { StagebackDB } from '../../storage/db';
import type { EventWriter } from '../../storage/event-writer';
import type { FeedbackEvent } from '../../storage/schema';
import { SCHEMA_VERSION } from '../../storage/schema/constants';
import { t } from '../i18n';
import { isUsersJudgement, proposalKindOf, tierOfAgent } from '../shadow/kinds';
import { loadProfileView } from '../shadow/profile-view';
import { type Random, rankProposals, targetKey } from '../shadow/rank';
import { enabledTiers } from '../shadow/tiers';
import type { ShadowTierEngine, ShownProposal } from '../shadow/types';
import { uuidv7 } from '../uuidv7';

export interface ShadowDeps {
  db: StagebackDB;
  writer: EventWriter;
  tiers?: () => Promise<ShadowTierEngine[]>;
  random?: Random;
  now?: () => number;
}

async function eventsOf(db: StagebackDB, traceId: string): Promise<FeedbackEvent[]> {
  return db.events.where('[traceId+createdAt]').between([traceId, Dexie.minKey], [traceId, Dexie.maxKey]).toArray();
}

function shown(event: FeedbackEvent): ShownProposal | null {
  const kind = proposalKindOf(event);
  const tier = event.agent ? tierOfAgent(event.agent.name) : null;
  if (!kind || !tier || !event.evidence) return null;
  return {
    id: event.id,
    traceId: event.traceId,
    kind,
    tier,
    question: event.evidence.question,
    why: event.evidence.why,
  };
}

const inFlight = new Map<string, Promise<ShownProposal[]>>();

/** The proposals to show on an answer: those still open, or (the first time) new ones, stored as `shadow` events. */
export function proposalsFor(deps: ShadowDeps, traceId: string): Promise<ShownProposal[]> {
  // Two asks for one answer at once (a re-capture) share one computation, so nothing is proposed twice.
  const running = inFlight.get(traceId);
  if (running) return running;
  const next = computeProposals(deps, traceId).finally(() => inFlight.delete(traceId));
  inFlight.set(traceId, next);
  return next;
}

async function computeProposals(deps: ShadowDeps, traceId: string): Promise<ShownProposal[]> {
  const { db } = deps;
  const trace = await db.traces.get(traceId);
  if (!trace) return [];
  const events = await eventsOf(db, traceId);
  const proposals = events.filter((e) => e.origin === 'shadow');
  if (proposals.length > 0) {
    const answered = new Set(events.map((e) => e.supersedes).filter((id) => id !== undefined));
    return proposals.filter((e) => !answered.has(e.id)).flatMap((e) => shown(e) ?? []);
  }
  const now = (deps.now ?? Date.now)();
  const view = await loadProfileView((keys) => db.shadowProfile.bulkGet(keys), trace, now);
  const candidates = [];
  for (const tier of await (deps.tiers ?? enabledTiers)()) {
    try {
      candidates.push(...(await tier.proposeFor(trace, view)));
    } catch {
      // A tier that fails proposes nothing; the others still do (its own status says why).
    }
  }
  const judged = new Set(events.filter(isUsersJudgement).map((e) => targetKey(e)));
  const ranked = rankProposals(candidates, view, { random: deps.random ?? Math.random, judged });
  if (ranked.length === 0) return [];
  const stored = ranked.map((p, i) => {
    const at = now + i;
    return {
      id: uuidv7(at),
      schemaVersion: SCHEMA_VERSION,
      traceId,
      createdAt: new Date(at).toISOString(),
      origin: 'shadow',
      agent: p.agent,
      evidence: { question: p.question, why: p.evidence },
      ...p.feedback,
    } as FeedbackEvent;
  });
  const result = await deps.writer.write(stored);
  if (result.rejected.length > 0) throw new Error(result.rejected[0]?.reason ?? 'the proposals were not stored');
  return stored.flatMap((e) => shown(e) ?? []);
}

/** The user's answer to a proposal: the same feedback, confirmed or rejected, superseding it. Answered once. */
export async function answerProposal(
  deps: ShadowDeps,
  answer: { traceId: string; proposalId: string; confirm: boolean },
): Promise<FeedbackEvent> {
  const { db } = deps;
  const proposal = await db.events.get(answer.proposalId);
  if (proposal?.origin !== 'shadow' || proposal.traceId !== answer.traceId)
    throw new Error(t('shadowErrorNoSuchProposal'));
  const earlier = (await eventsOf(db, answer.traceId)).find((e) => e.supersedes === proposal.id);
  if (earlier) return earlier;
  const now = (deps.now ?? Date.now)();
  const { id: _id, createdAt: _at, origin: _origin, ...rest } = proposal;
  const event = {
    ...rest,
    id: uuidv7(now),
    createdAt: new Date(now).toISOString(),
    origin: answer.confirm ? 'shadow_confirmed' : 'shadow_rejected',
    supersedes: proposal.id,
  } as FeedbackEvent;
  const result = await deps.writer.write([event]);
  if (result.rejected.length > 0) throw new Error(result.rejected[0]?.reason ?? t('shadowErrorAnswerNotStored'));
  return event;
}
