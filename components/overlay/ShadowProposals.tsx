import { type KeyboardEvent, useContext, useState } from 'react';
import { t } from '../../utils/i18n';
import { sendMessage } from '../../utils/messaging/protocol';
import type { ShownProposal } from '../../utils/shadow/types';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { keyOf } from './state/control-keys';
import { AnswerStoreContext, useAnswer } from './use-answer';

function typing(e: KeyboardEvent): boolean {
  return !!(e.target as HTMLElement).closest('textarea, input, select, [contenteditable="true"]');
}

/**
 * The shadow agent's questions on this answer (at most three). Each takes one key (Y or N, with focus on one of
 * its buttons) or one click; "Why?" shows what it is based on. A suggestion left alone is never taken as an answer.
 */
export function ShadowProposals() {
  const store = useContext(AnswerStoreContext);
  const proposals = useAnswer((s) => s.proposals);
  const modelNote = useAnswer((s) => s.modelNote);
  const [why, setWhy] = useState<string | null>(null);
  const [note, setNote] = useState('');
  if (!store || (proposals.length === 0 && !note && !modelNote)) return null;

  const answer = async (p: ShownProposal, confirm: boolean) => {
    const reply = await sendMessage('answerProposal', { traceId: p.traceId, proposalId: p.id, confirm }).catch(
      (error: unknown) => ({
        ok: false as const,
        error: { message: error instanceof Error ? error.message : String(error) },
      }),
    );
    if (!reply.ok) {
      setNote(t('stripNotSaved', reply.error.message));
      return;
    }
    const state = store.getState();
    store.setState({ proposals: state.proposals.filter((x) => x.id !== p.id) });
    const key = keyOf(reply.data);
    if (confirm && key) store.setState({ given: { ...state.given, [key]: reply.data } });
    setNote(confirm ? t('stripProposalSaved') : t('stripProposalNoted'));
  };

  const onKeyDown = (p: ShownProposal) => (e: KeyboardEvent) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    const key = e.key.toLowerCase();
    if (key !== 'y' && key !== 'n') return;
    e.preventDefault();
    e.stopPropagation();
    void answer(p, key === 'y');
  };

  return (
    <section className="panel proposals" aria-label={t('stripProposalsTitle')} data-testid="shadow-proposals">
      <h3>{t('stripProposalsTitle')}</h3>
      {proposals.length > 0 && <p className="hint">{t('stripProposalsKeys')}</p>}
      <ul className="items">
        {proposals.map((p) => (
          <li key={p.id} className="item proposal" data-proposal={p.id} data-kind={p.kind} onKeyDown={onKeyDown(p)}>
            <span className="question">{shown(p.question)}</span>
            <span className="row">
              <button type="button" data-answer="yes" aria-keyshortcuts="Y N" onClick={() => void answer(p, true)}>
                {t('stripProposalYes')}
              </button>
              <button type="button" data-answer="no" onClick={() => void answer(p, false)}>
                {t('stripProposalNo')}
              </button>
              <button
                type="button"
                aria-expanded={why === p.id}
                data-answer="why"
                onClick={() => setWhy(why === p.id ? null : p.id)}
              >
                {t('stripProposalWhy')}
              </button>
            </span>
            {why === p.id && (
              <p className="why" data-testid="proposal-why">
                {shown(p.why)}
              </p>
            )}
          </li>
        ))}
      </ul>
      <span role="status" className="status" data-testid="proposal-status">
        {note}
      </span>
      {modelNote && (
        <p className="hint" data-testid="shadow-model-note">
          {modelNote}
        </p>
      )}
    </section>
  );
}
