import type { Settings } from '../../utils/settings';

interface Props {
  settings: Settings;
  update: (change: (s: Settings) => Settings) => Promise<void>;
}

/** Pause, and whether private windows are recorded (off by default). */
export function RecordingSection({ settings, update }: Props) {
  return (
    <section aria-labelledby="recording-heading">
      <h2 id="recording-heading">Recording</h2>
      <p>
        <label>
          <input
            type="checkbox"
            checked={settings.paused}
            onChange={(e) => update((s) => ({ ...s, paused: e.target.checked }))}
          />{' '}
          Pause recording
        </label>
        <br />
        <small className="hint">Nothing new is captured while paused; stored feedback stays.</small>
      </p>
      <p>
        <label>
          <input
            type="checkbox"
            checked={settings.privateWindows}
            onChange={(e) => update((s) => ({ ...s, privateWindows: e.target.checked }))}
            data-testid="private-windows"
          />{' '}
          Work in private windows
        </label>
        <br />
        <small className="hint">
          Off by default: nothing is captured or stored from private windows. The browser must also allow the extension
          in private windows.
        </small>
      </p>
    </section>
  );
}
