import { useEffect, useId, useState } from 'react';
import type { ExportFilter } from '../../storage/exports/filter';
import { type Origin, STAGES, type Stage } from '../../storage/labels';
import { t } from '../../utils/i18n';
import { dayEndIso, dayStartIso, isoToDay } from './filter-dates';
import { labelChoices, originChoices, stageName } from './filter-words';

interface Props {
  filter: ExportFilter;
  sites: readonly { id: string; name: string }[];
  onChange: (filter: ExportFilter) => void;
}

const one = <T,>(value: string): T[] | undefined => (value ? [value as T] : undefined);

/** Site, stage, label, origin, date range and text: each an `ExportFilter` field, so exports share it. */
export function FilterBar({ filter, sites, onChange }: Props) {
  const id = useId();
  const [text, setText] = useState(filter.text ?? '');
  // Typing settles for a moment before the log is read again.
  useEffect(() => {
    if ((filter.text ?? '') === text) return;
    const timer = setTimeout(() => onChange({ ...filter, text: text || undefined }), 300);
    return () => clearTimeout(timer);
  }, [text, filter, onChange]);
  useEffect(() => {
    if (!filter.text) setText('');
  }, [filter.text]);

  const set = (patch: Partial<ExportFilter>) => onChange({ ...filter, ...patch });
  return (
    <form className="filters" aria-label={t('logFilterLabel')} onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={`${id}-search`}>{t('logFilterSearch')}</label>{' '}
        <input
          id={`${id}-search`}
          type="search"
          value={text}
          placeholder={t('logFilterSearchPlaceholder')}
          onChange={(e) => setText(e.target.value)}
          data-testid="filter-text"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-site`}>{t('logFilterSite')}</label>{' '}
        <select
          id={`${id}-site`}
          value={filter.siteIds?.[0] ?? ''}
          onChange={(e) => set({ siteIds: one(e.target.value) })}
        >
          <option value="">{t('logFilterAnySite')}</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-stage`}>{t('logFilterStage')}</label>{' '}
        <select
          id={`${id}-stage`}
          value={filter.stages?.[0] ?? ''}
          onChange={(e) => set({ stages: one<Stage>(e.target.value) })}
        >
          <option value="">{t('logFilterAnyStage')}</option>
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {stageName(s)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-label`}>{t('logFilterLabelField')}</label>{' '}
        <select
          id={`${id}-label`}
          value={filter.labels?.[0] ?? ''}
          onChange={(e) => set({ labels: one(e.target.value) })}
        >
          <option value="">{t('logFilterAnyLabel')}</option>
          {labelChoices().map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.text}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-origin`}>{t('logFilterOrigin')}</label>{' '}
        <select
          id={`${id}-origin`}
          value={filter.origins?.[0] ?? ''}
          onChange={(e) => set({ origins: one<Origin>(e.target.value) })}
        >
          <option value="">{t('logFilterAnyone')}</option>
          {originChoices().map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.text}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('logFilterFrom')}</label>{' '}
        <input
          id={`${id}-from`}
          type="date"
          value={isoToDay(filter.createdFrom)}
          onChange={(e) => set({ createdFrom: dayStartIso(e.target.value) })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('logFilterTo')}</label>{' '}
        <input
          id={`${id}-to`}
          type="date"
          value={isoToDay(filter.createdTo, true)}
          onChange={(e) => set({ createdTo: dayEndIso(e.target.value) })}
        />
      </div>
      <button type="button" onClick={() => onChange({})}>
        {t('logFilterClear')}
      </button>
    </form>
  );
}
