import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LogApp } from '../../components/log/LogApp';
import { configureZod } from '../../utils/zod-config';
import '../../components/log/pages.css';

configureZod();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <LogApp />
    </StrictMode>,
  );
}
