import { mount } from 'svelte';
import StatsPage from './components/stats/StatsPage.svelte';
import { createStatsDashboard } from './lib/stores/statsApp';

/**
 * The `/stats` page, loaded as a chunk of its own by main.ts (the viewer's bundle does not carry
 * it, nor uPlot). Built on the public API only: the example dashboard.
 */
export function mountStats(target: HTMLElement): void {
  document.title = 'Stats · PixelTales';
  mount(StatsPage, { target, props: { stats: createStatsDashboard() } });
}
