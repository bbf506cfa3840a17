import { useCallback, useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { t, tn } from '../../utils/i18n';
import { allowOn } from '../../utils/taught/allow';
import { forgetRule } from '../../utils/taught/forget-site';
import { originPattern, rulesFile, type TaughtRule } from '../../utils/taught/rule';
import { addRules, loadRules, taughtRulesItem } from '../../utils/taught/rule-store';
import { parseRulesFile } from '../../utils/taught/rules-file';
import { StudyRulesOffer } from './StudyRulesOffer';

const fromWords = (rule: TaughtRule) =>
  rule.from.kind === 'study'
    ? t('optionsTaughtFromStudy', rule.from.studyName)
    : rule.from.kind === 'file'
      ? t('optionsTaughtFromFile')
      : t('optionsTaughtFromYou');

function useRules() {
  const [rules, setRules] = useState<TaughtRule[] | null>(null);
  const [allowed, setAllowed] = useState<Set<string>>(new Set());
  const refresh = useCallback(async () => {
    const all = await loadRules();
    const granted = new Set<string>();
    for (const origin of new Set(all.map((r) => r.origin))) {
      if (await browser.permissions.contains({ origins: [originPattern(origin)] })) granted.add(origin);
    }
    setRules(all);
    setAllowed(granted);
  }, []);
  useEffect(() => {
    void refresh();
    const unwatch = taughtRulesItem.watch(() => void refresh());
    const onChange = () => void refresh();
    browser.permissions.onAdded.addListener(onChange);
    browser.permissions.onRemoved.addListener(onChange);
    return () => {
      unwatch();
      browser.permissions.onAdded.removeListener(onChange);
      browser.permissions.onRemoved.removeListener(onChange);
    };
  }, [refresh]);
  return { rules, allowed, refresh };
}

function download(rules: TaughtRule[]) {
  const blob = new Blob([`${JSON.stringify(rulesFile(rules), null, 2)}\n`], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'stageback-taught-sites.json';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Sites the user taught (or added from a file or a study): listed, removable, exportable, importable. */
export function TaughtSitesSection() {
  const { rules, allowed } = useRules();
  const [message, setMessage] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

  const importFile = async (file: File) => {
    const parsed = parseRulesFile(await file.text());
    if (!parsed.ok) return setMessage(parsed.message);
    const added = parsed.rules.map((r) => ({ ...r, from: { kind: 'file' as const } }));
    await addRules(added);
    let waiting = 0;
    for (const origin of new Set(added.map((r) => r.origin))) {
      if (!(await browser.permissions.contains({ origins: [originPattern(origin)] }))) waiting++;
    }
    const done = tn('optionsTaughtAdded', added.length);
    setMessage(waiting > 0 ? `${done} ${t('optionsTaughtAllowNext')}` : done);
  };

  return (
    <section aria-labelledby="taught-heading">
      <h2 id="taught-heading">{t('optionsTaughtHeading')}</h2>
      <p className="hint">{t('optionsTaughtHint')}</p>
      {rules?.length === 0 && <p className="empty">{t('optionsTaughtEmpty')}</p>}
      {rules && rules.length > 0 && (
        <table className="sites-table" data-testid="taught-sites">
          <thead>
            <tr>
              <th scope="col">{t('optionsColSite')}</th>
              <th scope="col">{t('optionsTaughtColAddedBy')}</th>
              <th scope="col">{t('optionsTaughtColShown')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('optionsRemove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id}>
                <th scope="row">
                  {rule.name}
                  {rule.pathPrefix !== '/' && <small> {t('optionsPagesUnder', rule.pathPrefix)}</small>}
                  <br />
                  <small>
                    {rule.sources.length > 0 ? t('optionsTaughtWithSources') : t('optionsTaughtLinksInside')}
                  </small>
                </th>
                <td>{fromWords(rule)}</td>
                <td>
                  {allowed.has(rule.origin) ? (
                    t('optionsYes')
                  ) : (
                    <button type="button" onClick={() => void allowOn(rule.origin)}>
                      {t('optionsAllowOn', rule.name)}
                    </button>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    aria-label={t('optionsRemoveSite', rule.name)}
                    onClick={() => void forgetRule(rule.id).then(() => setMessage(t('optionsRemoved', rule.name)))}
                  >
                    {t('optionsRemove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        <button type="button" disabled={!rules?.length} onClick={() => rules && download(rules)}>
          {t('optionsExport')}
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          {t('optionsImport')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label={t('optionsImportLabel')}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
      {message && (
        <p role="status" data-testid="taught-status">
          {message}
        </p>
      )}
      <StudyRulesOffer />
    </section>
  );
}
