import { Fragment, type ReactNode } from 'react';
import { type MessageKey, tParts } from '../../utils/i18n';

/** The message `key` with an element at each of its substitutions: `slots[0]` at $1, `slots[1]` at $2… */
export function withSlots(key: MessageKey, ...slots: ReactNode[]): ReactNode[] {
  return tParts(key, slots.length).map((part, i) => (
    <Fragment key={i}>{typeof part === 'string' ? part : slots[part]}</Fragment>
  ));
}
