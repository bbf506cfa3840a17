import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Options } from '../../components/options/Options';
import { configureZod } from '../../utils/zod-config';
import '../../components/log/pages.css';

configureZod();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Options />
    </StrictMode>,
  );
}
