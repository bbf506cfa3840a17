import { type KeyboardEvent, useId } from 'react';
import { AnswerPanel } from './panels/AnswerPanel';
import { DecompositionPanel } from './panels/DecompositionPanel';
import { OverallPanel } from './panels/OverallPanel';
import { SourcesPanel } from './panels/SourcesPanel';
import { StageThumbs } from './StageThumbs';
import { STAGE_UI } from './stages';
import { countGiven } from './state/answer-store';
import { useAnswer } from './use-answer';

const PANELS = {
  decomposition: DecompositionPanel,
  retrieval: SourcesPanel,
  answer: AnswerPanel,
  overall: OverallPanel,
};

/** The control strip attached above each AI answer. */
export function Strip() {
  const complete = useAnswer((s) => s.trace.answer.complete);
  const openStage = useAnswer((s) => s.openStage);
  const setOpenStage = useAnswer((s) => s.setOpenStage);
  const said = useAnswer((s) => countGiven(s.given));
  const status = useAnswer((s) => s.status);
  const canUndo = useAnswer((s) => s.history.length > 0);
  const undo = useAnswer((s) => s.undo);
  const panelId = useId();
  const Panel = openStage ? PANELS[openStage] : null;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && openStage) {
      e.stopPropagation();
      const opener = (e.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-opens="${openStage}"]`);
      setOpenStage(null);
      opener?.focus();
    }
  };

  return (
    <section
      className="strip"
      aria-label="Stageback: feedback on this AI answer"
      data-testid="stageback-strip"
      onKeyDown={onKeyDown}
    >
      <div className="bar">
        <span className="brand">Stageback</span>
        {!complete && (
          <span className="streaming" data-testid="streaming">
            Answer still loading…
          </span>
        )}
        {STAGE_UI.map(({ stage, name, hint }) => (
          <fieldset key={stage} className="stage" data-stage={stage}>
            <legend className="stage-name">{name}</legend>
            <StageThumbs stage={stage} name={name} />
            <button
              type="button"
              className="open"
              data-opens={stage}
              aria-expanded={openStage === stage}
              aria-controls={panelId}
              title={`${name}: ${hint}`}
              onClick={() => setOpenStage(openStage === stage ? null : stage)}
            >
              <span className="visually-hidden">{`${openStage === stage ? 'Close' : 'Open'} ${name} panel`}</span>
              <span aria-hidden="true">{openStage === stage ? '▴' : '▾'}</span>
            </button>
          </fieldset>
        ))}
        <span className="said" data-testid="said-count">
          {said === 0 ? 'Nothing said yet' : `${said} said`}
        </span>
        <button type="button" disabled={!canUndo} onClick={() => void undo()}>
          Undo
        </button>
        <span role="status" className={`status ${status.kind}`} data-testid="strip-status">
          {status.message}
        </span>
      </div>
      <div id={panelId}>{Panel && <Panel />}</div>
    </section>
  );
}
