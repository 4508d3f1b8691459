import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { isStatsPath } from './lib/route';
import { createAppStores } from './lib/stores/app.svelte';
import { installTestHook } from './lib/testHook';

const target = document.getElementById('app')!;
if (isStatsPath(window.location.pathname)) {
  // The stats page is a chunk of its own (with uPlot); the viewer's page never loads it.
  void import('./stats').then((m) => m.mountStats(target));
} else {
  const app = createAppStores();
  // Test builds (`vite build --mode test`, what the e2e suite serves) and the dev server get the
  // hook; a production build replaces MODE with "production", so the hook is dropped from the bundle.
  if (import.meta.env.MODE !== 'production') installTestHook(app);
  mount(App, { target, props: { app } });
}

// Moods, reactions and action labels are emoji, and many systems have no colour-emoji font (they
// draw empty boxes). The font ships with the app and loads after the page: its @font-face rules
// are split by unicode-range, so the browser fetches only the pieces the page's emoji need.
void import('@fontsource/noto-color-emoji/index.css');

// Nothing a viewer does should surface as an uncaught error; log instead of crashing.
window.addEventListener('unhandledrejection', (e) => {
  console.warn('[pixeltales] unhandled rejection', e.reason);
  e.preventDefault();
});
