import { type KeyboardEvent, useLayoutEffect, useRef, useState } from 'react';
import { KeysHelp } from './KeysHelp';
import { KEYS_HELP_KEY, keysHelpLabel } from './keys-help';
import { AnswerPanel } from './panels/AnswerPanel';
import { DecompositionPanel } from './panels/DecompositionPanel';
import { OverallPanel } from './panels/OverallPanel';
import { RefinePanel } from './panels/RefinePanel';
import { SourcesPanel } from './panels/SourcesPanel';
import { RefinedComparison } from './RefinedComparison';
import { ShadowProposals } from './ShadowProposals';
import { StageThumbs } from './StageThumbs';
import { isCompact } from './short-turn';
import { stagesFor } from './stages';
import { countGiven } from './state/answer-store';
import {
  dockCloseLabel,
  dockCloseTitle,
  moreText,
  moreTitle,
  openerLabel,
  openerTitle,
  PANEL_ID,
  REFINE_KEY,
  refineText,
  refineTitle,
  reportText,
  reportTitle,
  retryText,
  saidText,
  streamingText,
  stripLabel,
  undoText,
} from './strip-text';
import { unreadText } from './unread-stages';
import { useAnswer } from './use-answer';
import { useDock } from './use-dock';

const PANELS = {
  decomposition: DecompositionPanel,
  retrieval: SourcesPanel,
  answer: AnswerPanel,
  overall: OverallPanel,
  refine: RefinePanel,
};

/** A key for the strip itself (R, ?), unless the user is typing in a field or holds a modifier. */
function isStripKey(e: KeyboardEvent, key: string): boolean {
  if (e.key.toUpperCase() !== key || e.ctrlKey || e.metaKey || e.altKey) return false;
  const target = e.target as HTMLElement;
  return !(target.closest('textarea, input, select, [contenteditable="true"]') ?? false);
}

/**
 * The control strip attached above each AI answer. Its first frame is drawn without Preact
 * (`strip-first-frame.ts`), which this component adopts node for node on the first interaction.
 */
export function Strip() {
  const complete = useAnswer((s) => s.trace.answer.complete);
  const openStage = useAnswer((s) => s.openStage);
  const setOpenStage = useAnswer((s) => s.setOpenStage);
  const said = useAnswer((s) => countGiven(s.given));
  const status = useAnswer((s) => s.status);
  // Feedback on the page is kept, not stored yet: the strip offers to retry.
  const unsaved = status.kind === 'unsaved';
  const announced = useAnswer((s) => s.announced);
  const canUndo = useAnswer((s) => s.history.length > 0);
  const undo = useAnswer((s) => s.undo);
  const retrySaving = useAnswer((s) => s.retrySaving);
  const ready = useAnswer((s) => s.traceId !== null);
  const trace = useAnswer((s) => s.trace);
  const reportPage = useAnswer((s) => s.reportPage);
  const compact = useAnswer(isCompact);
  const expand = useAnswer((s) => s.expand);
  const Panel = openStage ? PANELS[openStage] : null;
  const [keysShown, setKeysShown] = useState(false);
  const section = useRef<HTMLElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const dock = useDock(section, panel);
  // Each panel opens at its top: the floating panel's box stays while its contents change.
  useLayoutEffect(() => {
    if (openStage && panel.current) panel.current.scrollTop = 0;
  }, [openStage]);
  const stages = stagesFor(trace);
  const openName = stages.find((s) => s.stage === openStage)?.name ?? '';
  const close = () => {
    const opener = section.current?.querySelector<HTMLElement>(`[data-opens="${openStage}"]`);
    setOpenStage(null);
    opener?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (isStripKey(e, KEYS_HELP_KEY)) {
      e.preventDefault();
      e.stopPropagation();
      setKeysShown(!keysShown);
      return;
    }
    if (keysShown && e.key === 'Escape') {
      e.stopPropagation();
      setKeysShown(false);
      return;
    }
    if (ready && isStripKey(e, REFINE_KEY)) {
      e.preventDefault();
      e.stopPropagation();
      setOpenStage(openStage === 'refine' ? null : 'refine');
      return;
    }
    if (e.key === 'Escape' && openStage) {
      e.stopPropagation();
      close();
    }
  };

  return (
    <section
      ref={section}
      className="strip"
      aria-label={stripLabel()}
      data-testid="stageback-strip"
      data-compact={compact ? 'true' : undefined}
      onKeyDown={onKeyDown}
    >
      <div className="bar">
        <span className="brand">Stageback</span>
        <button
          type="button"
          className="keys"
          aria-label={keysHelpLabel()}
          title={keysHelpLabel()}
          aria-keyshortcuts={KEYS_HELP_KEY}
          aria-expanded={keysShown}
          onClick={() => setKeysShown(!keysShown)}
        >
          ?
        </button>
        {!complete && (
          <span className="streaming" data-testid="streaming">
            {streamingText()}
          </span>
        )}
        {stages.map(({ stage, name, hint }) =>
          unreadText(trace, stage) ? (
            <p key={stage} className="unread" data-stage={stage}>
              {unreadText(trace, stage)}
            </p>
          ) : (
            <fieldset key={stage} className="stage" data-stage={stage}>
              <legend className="stage-name">{name}</legend>
              <StageThumbs stage={stage} name={name} />
              <button
                type="button"
                className="open"
                data-opens={stage}
                aria-expanded={openStage === stage}
                aria-controls={PANEL_ID}
                title={openerTitle(name, hint)}
                onClick={() => setOpenStage(openStage === stage ? null : stage)}
              >
                <span className="visually-hidden">{openerLabel(name, openStage === stage)}</span>
                <span aria-hidden="true">{openStage === stage ? '▴' : '▾'}</span>
              </button>
            </fieldset>
          ),
        )}
        <button
          type="button"
          className="more"
          aria-expanded="false"
          title={moreTitle()}
          onClick={(e) => {
            const bar = e.currentTarget.parentElement;
            expand();
            // The button goes with the compact bar: focus moves to the first control it showed.
            requestAnimationFrame(() => bar?.querySelector<HTMLElement>('.stage button:not([disabled])')?.focus());
          }}
        >
          {moreText()}
        </button>
        <span className="said" data-testid="said-count">
          {saidText(said)}
        </span>
        <button type="button" disabled={!canUndo} onClick={() => void undo()}>
          {undoText()}
        </button>
        <button
          type="button"
          className="refine"
          data-opens="refine"
          aria-expanded={openStage === 'refine'}
          aria-controls={PANEL_ID}
          aria-keyshortcuts={REFINE_KEY}
          title={refineTitle()}
          disabled={!ready}
          onClick={() => setOpenStage(openStage === 'refine' ? null : 'refine')}
        >
          {refineText()}
        </button>
        <button type="button" className="report" title={reportTitle()} onClick={() => void reportPage?.()}>
          {reportText()}
        </button>
        <span role="status" className={`status ${status.kind}`} data-testid="strip-status">
          {status.message}
        </span>
        <span className="visually-hidden" aria-live="polite" data-testid="strip-announce">
          {announced}
        </span>
        {unsaved && (
          <button type="button" className="retry" onClick={() => void retrySaving()}>
            {retryText()}
          </button>
        )}
      </div>
      {keysShown && <KeysHelp onClose={() => setKeysShown(false)} />}
      <ShadowProposals />
      <div
        id={PANEL_ID}
        ref={panel}
        className={dock ? `dock dock-${dock.side}` : undefined}
        style={dock ? { left: dock.left, top: dock.top, width: dock.width, maxHeight: dock.height } : undefined}
      >
        {dock && (
          <div className="dock-head">
            <span>{openName}</span>
            <button type="button" aria-label={dockCloseLabel()} title={dockCloseTitle()} onClick={close}>
              ×
            </button>
          </div>
        )}
        {Panel && <Panel />}
      </div>
      <RefinedComparison />
    </section>
  );
}
