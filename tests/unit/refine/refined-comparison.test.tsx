import { JSDOM } from 'jsdom';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { RefinedComparison } from '../../../components/overlay/RefinedComparison';
import { type AnswerState, createAnswerStore, type RefinedView } from '../../../components/overlay/state/answer-store';
import { AnswerStoreContext } from '../../../components/overlay/use-answer';
import { uuidv7 } from '../../../utils/uuidv7';
import { traceDraft } from '../../support/factories';

const NONE = { gained: [], lost: [], stillCited: ['example.com'], aspects: [], added: [], removed: [], kept: 2 };

/** What the comparison beside a refined answer shows for `refined`, as a document. */
function shown(refined: RefinedView): Document {
  const draft = traceDraft();
  const state: AnswerState = {
    ...createAnswerStore(draft, async () => ({ ok: true, stored: 0 }) as never).getState(),
    traceId: draft.id,
    refined,
  };
  const store = createStore<AnswerState>()(() => state);
  const html = renderToStaticMarkup(
    <AnswerStoreContext.Provider value={store}>
      <RefinedComparison />
    </AnswerStoreContext.Provider>,
  );
  return new JSDOM(html).window.document;
}
const link = { traceId: uuidv7(), refinementId: uuidv7() };
const byTestId = (doc: Document, id: string) => doc.querySelector(`[data-testid="${id}"]`);

describe('the comparison beside a refined answer', () => {
  it('lists what changed', () => {
    const doc = shown({
      link,
      originalQuery: 'how much sleep',
      comparison: { ...NONE, gained: [{ url: 'https://a.example/', title: 'A' }], added: ['New sentence.'] },
      unchanged: false,
      sameAnswer: false,
    });
    expect(byTestId(doc, 'compare-unchanged')).toBeNull();
    expect(byTestId(doc, 'compare-gained')?.textContent).toContain('https://a.example/');
    expect(byTestId(doc, 'compare-added')?.textContent).toContain('New sentence.');
  });

  it.each([
    ['the same trace given back', true],
    ['a linked answer with the same text and sources', false],
  ])(
    '%s: says plainly that nothing changed, keeps what was asked for, and still asks for a verdict',
    (_, unchanged) => {
      const doc = shown({ link, originalQuery: 'how much sleep', comparison: NONE, unchanged, sameAnswer: true });
      expect(byTestId(doc, 'compare-unchanged')?.textContent).toBe(
        'Nothing changed: searching again with your feedback gave the same answer, with the same sources and the same sentences.',
      );
      for (const id of ['compare-gained', 'compare-lost', 'compare-added', 'compare-removed'])
        expect(byTestId(doc, id)).toBeNull();
      expect(byTestId(doc, 'compare-still-cited')?.textContent).toContain('example.com');
      expect([...doc.querySelectorAll('button[data-verdict]')].map((b) => b.textContent)).toEqual([
        'Better',
        'About the same',
        'Worse',
      ]);
    },
  );
});
