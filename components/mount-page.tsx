import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureZod } from '../utils/zod-config';

/** Renders an extension page (popup, log, options) into its `#root`. */
export function mountPage(page: ReactNode): void {
  configureZod();
  const root = document.getElementById('root');
  if (root) createRoot(root).render(<StrictMode>{page}</StrictMode>);
}
