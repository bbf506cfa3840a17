import type { ReactNode } from 'react';

interface Props {
  pressed: boolean;
  label: string;
  disabled?: boolean;
  onToggle(): void;
  children: ReactNode;
  className?: string;
}

/** A button with `aria-pressed`, the building block of every one-click choice. */
export function ToggleButton({ pressed, label, disabled, onToggle, children, className }: Props) {
  return (
    <button
      type="button"
      className={className}
      aria-pressed={pressed}
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onToggle}
    >
      {children}
    </button>
  );
}
