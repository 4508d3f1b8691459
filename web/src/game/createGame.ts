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

/** The stage's size in game pixels (20 x 12 tiles of 16 art px, drawn 3x). */
export const GAME_W = 960;
export const GAME_H = 576;

/**
 * Boot the stage inside `parent`, with the text overlay over it. WebGL when available,
 * Canvas otherwise. The caller sizes `parent` (whole-factor zoom, see pixelFit); Phaser fits
 * the canvas into it. The caller owns the bridge; `destroy` removes the canvas, the overlay
 * and every game listener.
 */
export function createGame(parent: HTMLElement, bridge: Bridge, renderer: RendererChoice = 'auto'): GameHandle {
  const game = new Phaser.Game({
    type: pickRenderer(renderer),
    parent,
    width: GAME_W,
    height: GAME_H,
    backgroundColor: '#1b1830',
    banner: false,
    audio: { noAudio: true },
    antialias: false,
    pixelArt: true,
    roundPixels: true,
    scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.NO_CENTER },
    fps: { target: 60 },
    render: { powerPreference: 'low-power' },
    scene: [new StageScene(bridge, parent)],
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
