import { useState } from 'react';
import { getDb } from '../../storage/db';
import { applyImport, type ImportPreview, ImportRefusedError, previewImport } from '../../storage/import/jsonl-import';
import { t } from '../../utils/i18n';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { importErrorWords, lineProblemWords } from './import-words';
import { listOf, tCount } from './words';

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

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The file's lines that repeat earlier ones, the first five of them listed. */
function repeatsText(repeats: readonly { line: number; of: number }[]): string {
  const pairs = listOf(repeats.slice(0, 5).map((r) => t('logImportRepeatPair', r.line, r.of)));
  return tCount('logImportRepeats', repeats.length, repeats.length > 5 ? t('logImportRepeatPairsMore', pairs) : pairs);
}

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
        message: t('logImportCouldNotRead', file.name, errorText(error)),
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
        message: t(
          'logImported',
          tCount('logCountAnswers', counts.traces.add),
          tCount('logCountEvents', counts.events.add),
          tCount('logCountPlainEvents', counts.events.skip),
        ),
      });
      setInputKey((k) => k + 1);
      onImported();
    } catch (error) {
      setStatus({
        state: 'failed',
        message: t(
          'logImportFailed',
          error instanceof ImportRefusedError ? importErrorWords(error.error) : errorText(error),
        ),
      });
    }
  };

  const reset = () => {
    setStatus({ state: 'idle' });
    setInputKey((k) => k + 1);
  };
  const preview = status.state === 'preview' ? status.preview : undefined;
  const progress =
    status.state === 'checking'
      ? t('logImportChecking', status.name)
      : status.state === 'importing'
        ? t('logImportImporting', status.name)
        : status.state === 'done'
          ? status.message
          : undefined;
  const previewText =
    status.state === 'preview' && status.preview.ok
      ? t(
          'logImportPreview',
          status.name,
          tCount('logCountAnswers', status.preview.traces.add),
          tCount('logCountEvents', status.preview.events.add),
          tCount('logCountAnswers', status.preview.traces.skip),
          tCount('logCountPlainEvents', status.preview.events.skip),
        )
      : undefined;
  const failure = status.state === 'failed' ? status.message : undefined;
  return (
    <section className="panel" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('logImportHeading')}</h2>
      <label>
        {t('logImportFile')}
        <input
          key={inputKey}
          type="file"
          accept=".jsonl,.ndjson,.json,.txt,application/x-ndjson,application/jsonl"
          onChange={(e) => void choose(e.target.files?.[0])}
          data-testid="import-file"
        />
      </label>
      <div role="status" data-testid="import-status">
        {progress}
        {previewText && <p>{previewText}</p>}
        {preview?.ok && preview.parsed.repeats.length > 0 && (
          <p data-testid="import-repeats">{repeatsText(preview.parsed.repeats)}</p>
        )}
      </div>
      {preview && !preview.ok && (
        <div role="alert" className="error" data-testid="import-error">
          <p>{importErrorWords(preview.error)}</p>
          {preview.error.issues.length > 0 && (
            <ul>
              {preview.error.issues.map((issue) => (
                <li key={issue.line}>{t('logImportIssue', issue.line, shown(lineProblemWords(issue.problem)))}</li>
              ))}
            </ul>
          )}
          {preview.error.badLines > preview.error.issues.length && (
            <p>
              {tCount(
                preview.error.kind === 'conflict' ? 'logImportMoreConflictingLines' : 'logImportMoreBadLines',
                preview.error.badLines - preview.error.issues.length,
              )}
            </p>
          )}
          <p>{t('logImportNothingChanged')}</p>
        </div>
      )}
      {failure && (
        <p role="alert" className="error">
          {failure}
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
            {t('logImportApply')}
          </button>
          <button type="button" onClick={reset}>
            {t('logCancel')}
          </button>
        </div>
      )}
    </section>
  );
}
