import type { FeedbackEvent, Source } from '../../storage/schema';
import { t } from '../../utils/i18n';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { labelName, relevanceName } from './filter-words';

interface Props {
  sources: readonly Source[];
  events: readonly FeedbackEvent[];
}

/** The cited sources in the site's order, each with its current grade and labels. */
export function SourcesList({ sources, events }: Props) {
  if (sources.length === 0) return <p className="empty">{t('logNoSources')}</p>;
  return (
    <ol className="detail-list" data-testid="detail-sources">
      {[...sources]
        .sort((a, b) => a.position - b.position)
        .map((source) => {
          const about = events.filter(
            (e) => (e.target.type === 'source' || e.target.type === 'citation') && e.target.sourceId === source.id,
          );
          const grade = about.findLast((e) => e.kind === 'relevance');
          const relevance =
            grade?.kind === 'relevance' ? t('logRelevance', grade.value, relevanceName(grade.value)) : undefined;
          const labels = about.flatMap((e) => (e.kind === 'label' ? [labelName(e.value.label)] : []));
          return (
            <li key={source.id}>
              <a href={source.url} target="_blank" rel="noreferrer">
                {shown(source.title || source.url)}
              </a>
              <span className="meta">{shown(source.domain)}</span>
              <span className="grades">
                {relevance && <span className="chip">{relevance}</span>}
                {labels.map((l, i) => (
                  <span key={`${l}-${i}`} className="chip">
                    {l}
                  </span>
                ))}
                {!grade && labels.length === 0 && <span className="meta">{t('logNotGraded')}</span>}
              </span>
            </li>
          );
        })}
    </ol>
  );
}
