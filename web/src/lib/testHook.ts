import type { AppStores } from './stores/app.svelte';

/** What end-to-end tests and the benchmark read from the page (plain data only). */
export interface TestHook {
  app: AppStores;
  /** performance.now() of the first rendered frame of each loaded scene. */
  frames: { sceneId: string; at: number }[];
  /** Set by the game while it runs: actors on stage and visible bubbles. */
  stage?: () => { actors: number; speaking: number; thinking: number };
  /** The running Phaser game, for debugging from the console (opaque to the shell). */
  game?: unknown;
  snapshot(): {
    phase: string;
    sceneId: string | null;
    slug: string | null;
    lastSeq: number;
    epoch: number | null;
    mode: string;
    connection: string;
    reconnects: number;
    duplicatesDropped: number;
    messages: { id: string; epoch: number; turn: number }[];
  };
}

declare global {
  interface Window {
    __pixeltales?: TestHook;
  }
}

export function installTestHook(app: AppStores): TestHook {
  const hook: TestHook = {
    app,
    frames: [],
    snapshot() {
      const s = app.stage.scene;
      return {
        phase: app.stage.phase,
        sceneId: s?.detail.id ?? null,
        slug: s?.detail.slug ?? null,
        lastSeq: app.stage.lastSeq,
        epoch: s?.epoch ?? null,
        mode: app.stage.mode,
        connection: app.connection.status,
        reconnects: app.connection.reconnects,
        duplicatesDropped: app.stage.duplicatesDropped,
        messages: app.stage.historyMessages.map((m) => ({ id: m.id, epoch: m.epoch, turn: m.turn })),
      };
    },
  };
  window.__pixeltales = hook;
  return hook;
}
