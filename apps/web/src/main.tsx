import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { session } from './session/session';
import './styles/base.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks #root');

// Started here rather than in an effect so StrictMode's double mount does not ask twice.
void session.load();

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
