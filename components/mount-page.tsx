import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureZod } from '../utils/zod-config';

/**
 * Renders an extension page (popup, log, options) into its `#root`. `title`, when given, replaces the tab title
 * the page's HTML holds (that one is English: HTML pages cannot read the extension's messages).
 */
export function mountPage(page: ReactNode, title?: string): void {
  configureZod();
  if (title !== undefined) document.title = title;
  const root = document.getElementById('root');
  if (root) createRoot(root).render(<StrictMode>{page}</StrictMode>);
}
