import { readTaught } from '../../adapters/taught';
import { refuseUntrustedInput, trusted } from '../../content/trusted-events';
import { t, tn } from '../../i18n';
import { sendMessage } from '../../messaging/protocol';
import { deriveSelectors } from '../derive-selectors';
import type { RuleDraft } from '../rule';
import { buildPanel, frame, PICKER_TAG } from './picker-panel';

type Step = 'answer' | 'sources' | 'confirm' | 'saved';

/**
 * The element picker: the user points at the AI answer, then (optionally) at its list of sources; Stageback derives
 * the selectors, shows what it would read with them, and saves the rule when the user says so. Only input the
 * browser marks trusted counts; clicks on the page while picking choose and do nothing else; Esc stops.
 */
export function runPicker(): void {
  const world = globalThis as { stagebackPicker?: { focus(): void } };
  if (world.stagebackPicker) {
    world.stagebackPicker.focus();
    return;
  }

  const host = document.createElement(PICKER_TAG);
  const root = host.attachShadow({ mode: 'closed' });
  refuseUntrustedInput(root);
  const ui = buildPanel(root);
  document.documentElement.append(host);

  let step: Step = 'answer';
  let candidate: Element | null = document.querySelector('main, [role="main"], article') ?? document.body;
  let answer: { el: Element; selectors: string[] } | null = null;
  let draft: RuleDraft | null = null;

  const inOwnUi = (event: Event) => event.composedPath().includes(host);
  const picking = () => step === 'answer' || step === 'sources';

  const show = () => {
    const { buttons } = ui;
    buttons.choose.hidden = !picking();
    buttons.noSources.hidden = step !== 'sources';
    buttons.save.hidden = step !== 'confirm';
    buttons.again.hidden = step === 'answer' || step === 'saved';
    buttons.cancel.textContent = step === 'saved' ? t('bgPickerClose') : t('bgPickerCancel');
    frame(ui.candidateBox, picking() ? candidate : null);
    frame(ui.answerBox, step !== 'answer' && step !== 'saved' ? (answer?.el ?? null) : null);
  };
  const say = (text: string, found = '', problem = false) => {
    ui.step.textContent = text;
    ui.found.textContent = found;
    ui.found.className = problem ? 'problem' : 'found';
  };
  const startOver = () => {
    step = 'answer';
    answer = null;
    draft = null;
    say(t('bgPickerStep1'));
    show();
    ui.buttons.choose.focus();
  };

  const choose = (el: Element | null) => {
    if (!el || el === document.documentElement || el === document.body) {
      return say(ui.step.textContent ?? '', t('bgPickerWholePage'), true);
    }
    const selectors = deriveSelectors(document, el);
    if (selectors.length === 0) return say(ui.step.textContent ?? '', t('bgPickerCannotName'), true);
    if (step === 'answer') {
      answer = { el, selectors };
      step = 'sources';
      candidate = el.nextElementSibling ?? el.parentElement;
      say(t('bgPickerStep2', t('bgPickerNoSources')));
      show();
      return;
    }
    if (!answer) return;
    if (el === answer.el || el.contains(answer.el)) {
      return say(ui.step.textContent ?? '', t('bgPickerHoldsAnswer'), true);
    }
    if (!el.querySelector('a[href]')) {
      return say(ui.step.textContent ?? '', t('bgPickerNoLinks'), true);
    }
    confirm(selectors);
  };

  const confirm = (sources: string[]) => {
    if (!answer) return;
    const segment = location.pathname.split('/')[1];
    draft = { pathPrefix: segment ? `/${segment}` : '/', answer: answer.selectors, sources };
    const rule = { ...draft, id: 'preview', origin: location.origin, name: location.host };
    const [reading] = readTaught(document, new URL(location.href), rule);
    step = 'confirm';
    if (!reading) {
      say(t('bgPickerNoText'), t('bgPickerNoTextHint'), true);
    } else {
      const words = reading.answer.text.split(/\s+/).filter(Boolean).length;
      const domains = [...new Set(reading.sources.map((s) => s.domain))].slice(0, 5).join(', ');
      const count = reading.sources.length;
      say(
        t('bgPickerPreview'),
        count === 0
          ? tn('bgPickerPreviewNoSources', words)
          : t(
              'bgPickerPreviewSources',
              tn('bgPickerWords', words),
              domains ? tn('bgPickerSourcesFrom', count, domains) : tn('bgPickerSources', count),
            ),
      );
    }
    ui.buttons.save.disabled = !reading;
    show();
    (reading ? ui.buttons.save : ui.buttons.again).focus();
  };

  const save = async () => {
    if (!draft) return;
    ui.buttons.save.disabled = true;
    const reply = await sendMessage('teachRule', draft).catch((error: unknown) => ({
      ok: false as const,
      error: { message: error instanceof Error ? error.message : String(error) },
    }));
    if (!reply.ok) {
      ui.buttons.save.disabled = false;
      return say(t('bgPickerNotSaved'), reply.error.message, true);
    }
    step = 'saved';
    say(
      t('bgPickerSaved'),
      reply.data.showsFromNowOn ? t('bgPickerShowsNow', location.host) : t('bgPickerShowsHere', location.host),
    );
    show();
    ui.buttons.cancel.focus();
  };

  const stop = () => {
    for (const [type, listener] of listeners) window.removeEventListener(type, listener, true);
    host.remove();
    world.stagebackPicker = undefined;
  };

  // Page listeners, in the capture phase of the window so the page's own handlers never see a pick.
  const onPointer = trusted((event: Event) => {
    if (!picking() || inOwnUi(event)) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target && target !== candidate) {
      candidate = target;
      frame(ui.candidateBox, candidate);
    }
  });
  const swallow = trusted((event: Event) => {
    if (!picking() || inOwnUi(event)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  });
  const onClick = trusted((event: Event) => {
    if (!picking() || inOwnUi(event)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    choose(event.target instanceof Element ? event.target : candidate);
  });
  const onKey = trusted((event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopImmediatePropagation();
      return stop();
    }
    if (!picking() || !candidate) return;
    const moves: Record<string, () => Element | null> = {
      ArrowUp: () =>
        candidate?.parentElement === document.documentElement ? null : (candidate?.parentElement ?? null),
      ArrowDown: () => candidate?.firstElementChild ?? null,
      ArrowLeft: () => candidate?.previousElementSibling ?? null,
      ArrowRight: () => candidate?.nextElementSibling ?? null,
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      event.stopImmediatePropagation();
      const next = move();
      if (next && !(next instanceof HTMLElement && next.localName === PICKER_TAG)) {
        candidate = next;
        frame(ui.candidateBox, candidate);
        candidate.scrollIntoView?.({ block: 'nearest' });
      }
      return;
    }
    if (event.key === 'Enter' && !inOwnUi(event)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      choose(candidate);
    }
  });
  const reframe = () => show();
  const listeners: [string, EventListener][] = [
    ['pointerover', onPointer],
    ['pointerdown', swallow],
    ['mousedown', swallow],
    ['pointerup', swallow],
    ['mouseup', swallow],
    ['click', onClick as EventListener],
    ['auxclick', swallow],
    ['keydown', onKey as EventListener],
    ['scroll', reframe],
    ['resize', reframe],
  ];
  for (const [type, listener] of listeners) window.addEventListener(type, listener, true);

  ui.buttons.choose.addEventListener(
    'click',
    trusted(() => choose(candidate)),
  );
  ui.buttons.noSources.addEventListener(
    'click',
    trusted(() => confirm([])),
  );
  ui.buttons.save.addEventListener(
    'click',
    trusted(() => void save()),
  );
  ui.buttons.again.addEventListener('click', trusted(startOver));
  ui.buttons.cancel.addEventListener('click', trusted(stop));

  world.stagebackPicker = { focus: () => ui.buttons.choose.focus() };
  startOver();
}
