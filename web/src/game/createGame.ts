import * as Phaser from 'phaser';
import type { Bridge } from '../lib/bridge/bridge';
import { pickRenderer, type RendererChoice } from './renderer';
import { StageScene } from './scenes/StageScene';

export interface GameHandle {
  game: Phaser.Game;
  /** Actors and visible bubbles (tests and the benchmark read it). */
  info(): { actors: number; speaking: number; thinking: number };
  destroy(): void;
}

/**
 * Boot the stage inside `parent`. WebGL when available, Canvas otherwise (Phaser picks).
 * The caller owns the bridge; `destroy` removes the canvas and every game listener.
 */
export function createGame(parent: HTMLElement, bridge: Bridge, renderer: RendererChoice = 'auto'): GameHandle {
  const game = new Phaser.Game({
    type: pickRenderer(renderer),
    parent,
    width: 960,
    height: 576,
    backgroundColor: '#1b1830',
    banner: false,
    audio: { noAudio: true },
    antialias: true,
    roundPixels: true,
    scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
    fps: { target: 60 },
    render: { powerPreference: 'low-power' },
    scene: [new StageScene(bridge)],
  });
  let destroyed = false;
  const stage = () => game.scene.getScene('stage') as StageScene | null;
  return {
    game,
    info: () => stage()?.info() ?? { actors: 0, speaking: 0, thinking: 0 },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      game.destroy(true);
    },
  };
}
