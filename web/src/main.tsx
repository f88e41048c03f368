import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyNegotiatedLanguage, i18nReady } from './app/i18n/i18n';
import { AppRouter } from './app/router';
import { SessionProvider } from './app/session';
import './ui/styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

const container = root;
void i18nReady.then(applyNegotiatedLanguage).then(() => {
  createRoot(container).render(
    <StrictMode>
      <SessionProvider>
        <AppRouter />
      </SessionProvider>
    </StrictMode>,
  );
});
