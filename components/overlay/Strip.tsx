import { OverallThumbs, type SendEvents } from './OverallThumbs';

export interface StripProps {
  traceId: string | null;
  complete: boolean;
  send: SendEvents;
}

/** The control strip attached above each AI answer. */
export function Strip({ traceId, complete, send }: StripProps) {
  return (
    <section className="strip" aria-label="Stageback feedback on this AI answer" data-testid="stageback-strip">
      <span className="brand">Stageback</span>
      {!complete && <span className="streaming">Answer still loading…</span>}
      <OverallThumbs traceId={traceId} send={send} />
    </section>
  );
}
