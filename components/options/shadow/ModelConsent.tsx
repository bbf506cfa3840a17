import { INPUT_LIMITS } from '../../../utils/shadow/llm/model-input';

interface Props {
  origin: string;
  model: string;
  hasKey: boolean;
  onAgree: () => void;
  onCancel: () => void;
  busy: boolean;
}

/** Exactly what using the user's own model sends, and where; nothing is sent before "I agree". */
export function ModelConsent(p: Props) {
  return (
    <section className="consent" aria-labelledby="model-consent-heading" data-testid="shadow-model-consent">
      <h3 id="model-consent-heading">Before Stageback uses your model</h3>
      <p>
        For each AI answer you open, Stageback will send to{' '}
        <strong data-testid="model-consent-origin">{p.origin}</strong> (model “{p.model}”):
      </p>
      <ul data-testid="model-consent-list">
        <li>
          <strong>Your question</strong> as you asked it on the site.
        </li>
        <li>
          <strong>The answer’s sentences</strong> (up to {INPUT_LIMITS.sentences}).
        </li>
        <li>
          <strong>The sources’ titles, snippets and addresses (URLs)</strong> (up to {INPUT_LIMITS.sources}).
        </li>
        <li>
          <strong>The searches the site shows it ran</strong> (its sub-queries), where it shows them.
        </li>
        <li>
          <strong>A short summary of what Stageback learned from you</strong> (at most {INPUT_LIMITS.profile}{' '}
          characters): the websites you trust or doubt and the topics you often found missing.
        </li>
        <li>{p.hasKey ? 'Your key, with each request.' : 'No key.'}</li>
      </ul>
      <p>Your redaction rules (under “Redaction” above) mask what they match before anything is sent.</p>
      <p>
        Not sent: your feedback itself, your other answers, your settings or other browsing. Your model’s suggestions
        appear on the answer as questions you can confirm or reject; none counts as your feedback until you confirm it.
        The browser will ask you to allow Stageback to reach {p.origin}. Turn it off here at any time; what was sent
        stays with whoever runs that server.
      </p>
      <p>
        <button type="button" onClick={p.onAgree} disabled={p.busy} data-testid="shadow-model-agree">
          I agree, use my model
        </button>{' '}
        <button type="button" className="link" onClick={p.onCancel}>
          Cancel
        </button>
      </p>
    </section>
  );
}
