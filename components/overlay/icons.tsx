import { THUMB_PATH } from './strip-text';

/** Thumb icons as SVG: emoji fonts are missing on many Linux machines. */
export function ThumbIcon({ down = false }: { down?: boolean }) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      style={down ? { transform: 'rotate(180deg)' } : undefined}
    >
      <path fill="currentColor" d={THUMB_PATH} />
    </svg>
  );
}
