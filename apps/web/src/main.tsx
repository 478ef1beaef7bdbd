import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Base styles first, so component rules that refine `.button` and friends come later and win.
import './styles/base.css';
import { App } from './App';
import { registerServiceWorker } from './serviceWorker';
import { session } from './session/session';

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks #root');

// Started here rather than in an effect so StrictMode's double mount does not ask twice.
void session.load();

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

if (import.meta.env.PROD) registerServiceWorker();
