import { RELEVANCE_NAMES } from '../../storage/labels';
import type { FeedbackEvent, Source } from '../../storage/schema';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { labelName } from './highlight-spans';

interface Props {
  sources: readonly Source[];
  events: readonly FeedbackEvent[];
}

/** The cited sources in the site's order, each with its current grade and labels. */
export function SourcesList({ sources, events }: Props) {
  if (sources.length === 0) return <p className="empty">No sources were read.</p>;
  return (
    <ol className="detail-list" data-testid="detail-sources">
      {[...sources]
        .sort((a, b) => a.position - b.position)
        .map((source) => {
          const about = events.filter(
            (e) => (e.target.type === 'source' || e.target.type === 'citation') && e.target.sourceId === source.id,
          );
          const grade = about.findLast((e) => e.kind === 'relevance');
          const labels = about.flatMap((e) => (e.kind === 'label' ? [labelName(e.value.label)] : []));
          return (
            <li key={source.id}>
              <a href={source.url} target="_blank" rel="noreferrer">
                {shown(source.title || source.url)}
              </a>
              <span className="meta">{shown(source.domain)}</span>
              <span className="grades">
                {grade?.kind === 'relevance' && (
                  <span className="chip">
                    relevance {grade.value} ({RELEVANCE_NAMES[grade.value]})
                  </span>
                )}
                {labels.map((l, i) => (
                  <span key={`${l}-${i}`} className="chip">
                    {l}
                  </span>
                ))}
                {!grade && labels.length === 0 && <span className="meta">not graded</span>}
              </span>
            </li>
          );
        })}
    </ol>
  );
}
