import { browser } from 'wxt/browser';
import { useTheme } from '../log/use-theme';
import { PassiveChoice } from './PassiveChoice';
import { Shortcuts } from './Shortcuts';
import { StagesPicture } from './StagesPicture';

/** The page that opens on install: what Stageback records and where it stays, how to use it, and one question. */
export function Welcome() {
  useTheme();
  const isFirefox = browser.runtime.getURL('/').startsWith('moz-extension:');
  return (
    <main className="welcome">
      <header>
        <img src="/icon/128.png" alt="" width={64} height={64} />
        <h1>Stageback is ready</h1>
      </header>
      <p className="lead">
        AI search answers come from several steps: your question is split into searches, pages are read, and an answer
        is written from them. Stageback adds feedback controls to each step on Google, Perplexity, Bing and ChatGPT, so
        you can say where an answer went wrong, not only thumbs up or down.
      </p>

      <section aria-labelledby="what-heading">
        <h2 id="what-heading">What it records, and where it stays</h2>
        <ul>
          <li>
            On an AI answer on a supported site: the question, the answer's text and the sources it cites, so your
            feedback has something to point at.
          </li>
          <li>The feedback you give: grades, labels, comments and corrections.</li>
          <li>Passive signals only if you say yes below.</li>
          <li>
            <strong>Everything stays in this browser.</strong> Nothing is sent anywhere unless you turn on sync in
            Options, for example to take part in a study.
          </li>
          <li>Nothing is recorded in private windows unless you allow it in Options.</li>
        </ul>
        <p>
          You can read, export or delete all of it in the{' '}
          <a href={browser.runtime.getURL('/log.html')} target="_blank" rel="noreferrer">
            log
          </a>
          .
        </p>
      </section>

      <section aria-labelledby="stages-heading">
        <h2 id="stages-heading">Four things you can judge</h2>
        <StagesPicture />
        <dl className="stages-list">
          <dt>Sub-queries</dt>
          <dd>What the search looked for. Say what it missed, or which searches were off the point.</dd>
          <dt>Sources</dt>
          <dd>Each page the answer cites. Grade how relevant it is; flag it as unreliable or out of date.</dd>
          <dt>Answer</dt>
          <dd>Each sentence. Mark wrong or unsupported text, and check a sentence against the page it cites.</dd>
          <dt>Overall</dt>
          <dd>How useful the whole answer was.</dd>
        </dl>
        <p>A thin Stageback bar appears above each AI answer. Open a step on it to give feedback on that step.</p>
      </section>

      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keys and the right-click menu</h2>
        <Shortcuts />
        <p className="hint">
          {isFirefox
            ? 'Change the shortcuts in about:addons → the gear menu → Manage Extension Shortcuts.'
            : 'Change the shortcuts at chrome://extensions/shortcuts.'}
        </p>
      </section>

      <section aria-labelledby="passive-heading">
        <h2 id="passive-heading">One question</h2>
        <PassiveChoice />
      </section>

      <section aria-labelledby="pin-heading">
        <h2 id="pin-heading">Keep it at hand</h2>
        <p>
          {isFirefox
            ? 'Pin Stageback to the toolbar: open the Extensions menu (the puzzle piece), then the gear next to Stageback, then "Pin to Toolbar".'
            : 'Pin Stageback to the toolbar: open the Extensions menu (the puzzle piece at the top right), then click the pin next to Stageback.'}{' '}
          Its button shows what you have given and lets you pause recording.
        </p>
        <p>
          <button type="button" onClick={() => browser.runtime.openOptionsPage()}>
            Open Options
          </button>
        </p>
      </section>
    </main>
  );
}
