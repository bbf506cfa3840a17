import { useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { getDb } from '../../storage/db';
import { type ExportFilter, hasEventCriteria } from '../../storage/exports/filter';
import type { FormatOptionValues } from '../../storage/exports/format';
import { formatDescriptors } from '../../storage/exports/registry';
import type { ExportProgress } from '../../storage/exports/run-export';
import {
  isRedacting,
  loadRedactionRules,
  type RedactionRules,
  redactionRulesItem,
  redactorFor,
} from '../../storage/queries/redaction-rules';
import { t } from '../../utils/i18n';
import { exportAndDownload, formatBytes } from './export-download';
import { choiceLabel, formatDescription, formatLabel, optionHint, optionLabel } from './format-words';
import { formatNumber, listOf, tCount } from './words';

interface Props {
  filter: ExportFilter;
}

const FORMATS = formatDescriptors();
type Status =
  | { state: 'idle' }
  | { state: 'running'; progress: ExportProgress | undefined }
  | { state: 'done'; message: string }
  | { state: 'failed'; message: string };

/** What the rules mask, in English for the dataset card an export writes (a file: data, not translated). */
function describeRules(rules: RedactionRules): string {
  const parts = [
    rules.emails && 'e-mail addresses',
    rules.phones && 'phone numbers',
    rules.cards && 'card numbers',
    rules.ips && 'IP addresses',
    rules.words.length > 0 && `${rules.words.length} listed word${rules.words.length === 1 ? '' : 's'}`,
  ].filter(Boolean);
  return parts.join(', ');
}

/** What the rules mask, in the user's words, for the panel. */
function rulesInWords(rules: RedactionRules): string {
  const parts = [
    rules.emails && t('logExportRedactEmails'),
    rules.phones && t('logExportRedactPhones'),
    rules.cards && t('logExportRedactCards'),
    rules.ips && t('logExportRedactIps'),
    rules.words.length > 0 && tCount('logExportRedactWords', rules.words.length),
  ].filter((part): part is string => !!part);
  return listOf(parts);
}

/** Export everything or the current filter in any registered format, with progress and cancel. */
export function ExportPanel({ filter }: Props) {
  const [formatId, setFormatId] = useState(FORMATS[0]?.id ?? 'jsonl');
  const [scope, setScope] = useState<'all' | 'filter'>('all');
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  // Per format, the options the user changed; the rest keep the format's defaults.
  const [chosen, setChosen] = useState<Record<string, FormatOptionValues>>({});
  const [rules, setRules] = useState<RedactionRules | undefined>(undefined);
  const abort = useRef<AbortController | null>(null);
  const filtered = hasEventCriteria(filter) || !!filter.siteIds?.length;
  const format = FORMATS.find((f) => f.id === formatId) ?? FORMATS[0];
  const optionValues = (format && chosen[format.id]) ?? {};
  const setOption = (id: string, value: boolean | string) => {
    if (!format) return;
    setChosen((all) => ({ ...all, [format.id]: { ...all[format.id], [id]: value } }));
  };

  useEffect(() => {
    void loadRedactionRules().then(setRules);
    return redactionRulesItem.watch(() => void loadRedactionRules().then(setRules));
  }, []);
  useEffect(() => () => abort.current?.abort(), []);

  const start = async () => {
    if (!format) return;
    const controller = new AbortController();
    abort.current = controller;
    setStatus({ state: 'running', progress: undefined });
    try {
      const current = rules ?? (await loadRedactionRules());
      const out = await exportAndDownload(getDb(), format, {
        filter: scope === 'filter' ? filter : undefined,
        signal: controller.signal,
        redact: redactorFor(current),
        redacted: isRedacting(current) ? describeRules(current) : '',
        formatOptions: optionValues,
        onProgress: (progress) => setStatus({ state: 'running', progress }),
      });
      if (out.result.status === 'cancelled') setStatus({ state: 'done', message: t('logExportCancelled') });
      else if (out.fileName === undefined)
        setStatus({
          state: 'done',
          message: t(scope === 'filter' ? 'logExportNothingInFilter' : 'logExportNothing', formatLabel(format)),
        });
      else {
        const count =
          out.rows === undefined ? tCount('logCountAnswers', out.result.traces) : tCount('logCountRows', out.rows);
        setStatus({
          state: 'done',
          message: t('logExportSaved', out.fileName, count, formatBytes(out.bytes ?? 0)),
        });
      }
    } catch (error) {
      setStatus({
        state: 'failed',
        message: t('logExportFailed', error instanceof Error ? error.message : String(error)),
      });
    } finally {
      abort.current = null;
    }
  };

  const running = status.state === 'running';
  const progress = running ? status.progress : undefined;
  const outcome = status.state === 'done' ? status.message : undefined;
  const failure = status.state === 'failed' ? status.message : undefined;
  return (
    <section className="panel" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('logExportHeading')}</h2>
      <label>
        {t('logExportFormat')}
        <select
          value={formatId}
          onChange={(e) => setFormatId(e.target.value)}
          disabled={running}
          data-testid="export-format"
        >
          {FORMATS.map((f) => (
            <option key={f.id} value={f.id}>
              {t('logExportFormatChoice', formatLabel(f), f.fileExtension)}
            </option>
          ))}
        </select>
      </label>
      {format && <p className="hint">{formatDescription(format)}</p>}
      {format?.options && format.options.length > 0 && (
        <fieldset disabled={running} data-testid="export-options">
          <legend>{t('logExportOptions')}</legend>
          {format.options.map((option) => {
            const hintId = `export-option-${option.id}-hint`;
            const value = optionValues[option.id] ?? option.default;
            const hint = optionHint(format, option);
            return (
              <div key={`${format.id}-${option.id}`}>
                {option.type === 'boolean' ? (
                  <label>
                    <input
                      type="checkbox"
                      checked={value === true}
                      onChange={(e) => setOption(option.id, e.target.checked)}
                      aria-describedby={hint ? hintId : undefined}
                      data-testid={`export-option-${option.id}`}
                    />{' '}
                    {optionLabel(format, option)}
                  </label>
                ) : (
                  <label>
                    {optionLabel(format, option)}{' '}
                    <select
                      value={String(value)}
                      onChange={(e) => setOption(option.id, e.target.value)}
                      aria-describedby={hint ? hintId : undefined}
                      data-testid={`export-option-${option.id}`}
                    >
                      {option.choices.map((c) => (
                        <option key={c.value} value={c.value}>
                          {choiceLabel(format, option, c)}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
                {hint && (
                  <p className="hint" id={hintId}>
                    {hint}
                  </p>
                )}
              </div>
            );
          })}
        </fieldset>
      )}
      <fieldset disabled={running}>
        <legend>{t('logExportWhat')}</legend>
        <label>
          <input type="radio" name="export-scope" checked={scope === 'all'} onChange={() => setScope('all')} />{' '}
          {t('logExportEverything')}
        </label>
        <label>
          <input
            type="radio"
            name="export-scope"
            checked={scope === 'filter'}
            onChange={() => setScope('filter')}
            disabled={!filtered}
          />{' '}
          {t(filtered ? 'logExportCurrentFilter' : 'logExportNoFilter')}
        </label>
      </fieldset>
      <p className="hint">
        {rules && isRedacting(rules) ? t('logExportMasked', rulesInWords(rules)) : t('logExportNoRedaction')}{' '}
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          {t('logExportRedactionOptions')}
        </a>
      </p>
      <div className="actions">
        <button type="button" onClick={start} disabled={running} data-testid="export-start">
          {t('logExportStart')}
        </button>
        {running && (
          <button type="button" onClick={() => abort.current?.abort()}>
            {t('logExportCancel')}
          </button>
        )}
      </div>
      {running && (
        <progress
          aria-label={t('logExportProgress')}
          max={progress?.total || 1}
          value={progress ? progress.done : undefined}
        />
      )}
      <p role="status" data-testid="export-status">
        {running &&
          (progress
            ? tCount('logExportProgressCount', progress.total, formatNumber(progress.done))
            : t('logExporting'))}
        {outcome}
      </p>
      {failure && <p role="alert">{failure}</p>}
    </section>
  );
}
