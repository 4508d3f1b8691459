import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { isStatsPath } from './lib/route';
import { createAppStores } from './lib/stores/app.svelte';
import { installTestHook } from './lib/testHook';
import { loadEmojiFont } from './lib/emojiFont';

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

// Colour emoji for systems without them (lib/emojiFont.ts), after the page is up.
void loadEmojiFont().catch((e: unknown) => console.warn('[pixeltales] emoji font', e));
