import { useState } from 'react';
import { getDb } from '../../storage/db';
import { applyImport, type ImportPreview, previewImport } from '../../storage/import/jsonl-import';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';

interface Props {
  onImported: () => void;
}

type Status =
  | { state: 'idle' }
  | { state: 'checking'; name: string }
  | { state: 'preview'; name: string; preview: ImportPreview }
  | { state: 'importing'; name: string }
  | { state: 'done'; message: string }
  | { state: 'failed'; message: string };

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

/** Import a JSONL backup: every line is checked first, a preview says what will be added, nothing changes on error. */
export function ImportPanel({ onImported }: Props) {
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const [inputKey, setInputKey] = useState(0);

  const choose = async (file: File | undefined) => {
    if (!file) return setStatus({ state: 'idle' });
    setStatus({ state: 'checking', name: file.name });
    try {
      const preview = await previewImport(getDb(), file.stream());
      setStatus({ state: 'preview', name: file.name, preview });
    } catch (error) {
      setStatus({
        state: 'failed',
        message: `Could not read ${file.name}: ${error instanceof Error ? error.message : error}`,
      });
    }
  };

  const apply = async () => {
    if (status.state !== 'preview' || !status.preview.ok) return;
    const { parsed } = status.preview;
    setStatus({ state: 'importing', name: status.name });
    try {
      const counts = await applyImport(getDb(), parsed);
      setStatus({
        state: 'done',
        message: `Imported ${plural(counts.traces.add, 'answer')} and ${plural(counts.events.add, 'feedback event')}; skipped ${plural(counts.events.skip, 'event')} already stored.`,
      });
      setInputKey((k) => k + 1);
      onImported();
    } catch (error) {
      setStatus({
        state: 'failed',
        message: `Nothing was imported: ${error instanceof Error ? error.message : error}`,
      });
    }
  };

  const reset = () => {
    setStatus({ state: 'idle' });
    setInputKey((k) => k + 1);
  };
  const preview = status.state === 'preview' ? status.preview : undefined;
  return (
    <section className="panel" aria-labelledby="import-heading">
      <h2 id="import-heading">Import a backup</h2>
      <label>
        Stageback log (.jsonl)
        <input
          key={inputKey}
          type="file"
          accept=".jsonl,.ndjson,.json,.txt,application/x-ndjson,application/jsonl"
          onChange={(e) => void choose(e.target.files?.[0])}
          data-testid="import-file"
        />
      </label>
      <div role="status" data-testid="import-status">
        {status.state === 'checking' && `Checking ${status.name}…`}
        {status.state === 'importing' && `Importing ${status.name}…`}
        {status.state === 'done' && status.message}
        {preview?.ok && (
          <p>
            {status.state === 'preview' && status.name}: will add {plural(preview.traces.add, 'answer')} and{' '}
            {plural(preview.events.add, 'feedback event')}; will skip {plural(preview.traces.skip, 'answer')} and{' '}
            {plural(preview.events.skip, 'event')} already stored.
          </p>
        )}
        {preview?.ok && preview.parsed.repeats.length > 0 && (
          <p data-testid="import-repeats">
            {plural(preview.parsed.repeats.length, 'line')} of the file{' '}
            {preview.parsed.repeats.length === 1 ? 'repeats' : 'repeat'} an earlier line word for word and{' '}
            {preview.parsed.repeats.length === 1 ? 'is' : 'are'} counted once (
            {preview.parsed.repeats
              .slice(0, 5)
              .map((r) => `line ${r.line} = line ${r.of}`)
              .join(', ')}
            {preview.parsed.repeats.length > 5 ? ', …' : ''}).
          </p>
        )}
      </div>
      {preview && !preview.ok && (
        <div role="alert" className="error" data-testid="import-error">
          <p>{preview.error.message}</p>
          {preview.error.issues.length > 0 && (
            <ul>
              {preview.error.issues.map((issue) => (
                <li key={issue.line}>
                  line {issue.line}: {shown(issue.message)}
                </li>
              ))}
            </ul>
          )}
          {preview.error.badLines > preview.error.issues.length && (
            <p>
              …and{' '}
              {plural(
                preview.error.badLines - preview.error.issues.length,
                preview.error.kind === 'conflict' ? 'more conflicting line' : 'more bad line',
              )}
              .
            </p>
          )}
          <p>Nothing was changed.</p>
        </div>
      )}
      {status.state === 'failed' && (
        <p role="alert" className="error">
          {status.message}
        </p>
      )}
      {preview?.ok && (
        <div className="actions">
          <button
            type="button"
            onClick={apply}
            disabled={preview.traces.add + preview.events.add === 0}
            data-testid="import-apply"
          >
            Import
          </button>
          <button type="button" onClick={reset}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
