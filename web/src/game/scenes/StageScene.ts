import * as Phaser from 'phaser';
import type { Bridge } from '../../lib/bridge/bridge';
import type { StageActor, ToGame } from '../../lib/bridge/events';
import { DIRECTIONS, FRAME_H, FRAME_W, lookFor, paintCharacterSheet, POSES } from '../art/character';
import { hash } from '../art/palette';
import { paintRoom, TILE } from '../art/room';
import { Actor } from '../objects/Actor';
import { SCALE } from '../objects/style';
import { StageOverlay } from '../overlay/StageOverlay';
import { facingFrom } from '../layout/facing';

type Load = ToGame['stage:load'];

/**
 * The one Phaser scene: paints the room, builds an actor per character and keeps them in
 * step with what the shell sends over the bridge.
 */
export class StageScene extends Phaser.Scene {
  private actors = new Map<string, Actor>();
  private room: Load['room'] | null = null;
  private roomImage: Phaser.GameObjects.Image | null = null;
  private textureKeys: string[] = [];
  private offs: (() => void)[] = [];
  private loads = 0;
  private stageW = 960;
  private stageH = 576;
  private overlay: StageOverlay | null = null;

  constructor(
    private readonly bridge: Bridge,
    private readonly overlayParent: HTMLElement | null = null,
  ) {
    super({ key: 'stage' });
  }

  create(): void {
    performance.mark?.('pixeltales:game-ready');
    if (this.overlayParent) this.overlay = new StageOverlay(this.overlayParent);
    this.offs.push(
      this.bridge.on('stage:load', (p) => this.loadStage(p)),
      this.bridge.on('stage:actors', (p) => this.syncActors(p.actors)),
      this.bridge.on('stage:reaction', (p) => {
        const actor = this.actors.get(p.characterId);
        if (actor) this.overlay?.pop(p.emoji, actor.head(), { w: this.stageW });
      }),
      this.bridge.on('stage:focus', (p) => this.actors.forEach((a) => a.setFocus(a.id === p.characterId))),
    );
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.teardown());
    this.events.once(Phaser.Scenes.Events.DESTROY, () => this.teardown());
    // Catch up with whatever the shell sent before the game finished booting.
    const load = this.bridge.latest('stage:load');
    if (load) this.loadStage(load);
    const actors = this.bridge.latest('stage:actors');
    if (actors) this.syncActors(actors.actors);
  }

  override update(_time: number, delta: number): void {
    const now = Date.now();
    // Listeners turn to whoever is talking (or about to).
    const speaker = [...this.actors.values()].find((a) => a.action === 'SPEAKING') ?? [...this.actors.values()].find((a) => a.action === 'THINKING');
    for (const actor of this.actors.values()) {
      actor.lookToward(speaker && speaker !== actor ? facingFrom(actor.feet(), speaker.feet()) : null);
      actor.tick(now, delta);
    }
    this.overlay?.render(
      [...this.actors.values()].map((a) => a.overlay(now)),
      { w: this.stageW, h: this.stageH },
      now,
    );
  }

  private loadStage(p: Load): void {
    this.clearStage();
    const token = ++this.loads;
    this.room = p.room;
    const w = p.room.width * TILE * SCALE;
    const h = p.room.height * TILE * SCALE;
    this.stageW = w;
    this.stageH = h;
    if (this.scale.width !== w || this.scale.height !== h) this.scale.setGameSize(w, h);
    const roomKey = `room-${p.room.id}-${token}`;
    this.addCanvasTexture(roomKey, paintRoom(p.room));
    this.roomImage = this.add.image(0, 0, roomKey).setOrigin(0, 0).setScale(SCALE).setDepth(-1);
    for (const c of p.characters) {
      const look = lookFor(c.name, c.colour, c.appearance);
      const key = `char-${hash(`${c.id}|${c.colour}|${c.appearance}`).toString(36)}-${token}`;
      const { canvas, frames } = paintCharacterSheet(look);
      const texture = this.addCanvasTexture(key, canvas);
      for (const [name, f] of Object.entries(frames)) texture.add(name, 0, f.x, f.y, FRAME_W, FRAME_H);
      this.makeAnims(key);
      const start = this.spotPosition(p.actors, p.actors.find((a) => a.id === c.id)?.spot ?? '', c.id);
      const actor = new Actor(this, c, key, start.x, start.y);
      actor.onClick(() => this.bridge.emit('game:select', { characterId: c.id }));
      this.actors.set(c.id, actor);
    }
    this.syncActors(p.actors, true);
    this.game.events.once(Phaser.Core.Events.POST_RENDER, () => {
      if (token === this.loads) this.bridge.emit('game:frame', { sceneId: p.sceneId, at: performance.now() });
    });
  }

  private addCanvasTexture(key: string, canvas: HTMLCanvasElement): Phaser.Textures.Texture {
    if (this.textures.exists(key)) this.textures.remove(key);
    const texture = this.textures.addCanvas(key, canvas)!;
    texture.setFilter(Phaser.Textures.FilterMode.NEAREST);
    this.textureKeys.push(key);
    return texture;
  }

  private makeAnims(key: string): void {
    for (const dir of DIRECTIONS) {
      this.anims.create({
        key: `${key}-idle-${dir}`,
        frames: [`${dir}-${POSES[0]}`, `${dir}-${POSES[1]}`].map((frame) => ({ key, frame })),
        frameRate: 2,
        repeat: -1,
        // Characters breathe out of step with each other.
        delay: Math.floor(Math.random() * 400),
      });
      this.anims.create({
        key: `${key}-walk-${dir}`,
        frames: [`${dir}-walk0`, `${dir}-idle0`, `${dir}-walk1`, `${dir}-idle0`].map((frame) => ({ key, frame })),
        frameRate: 9,
        repeat: -1,
      });
    }
  }

  private syncActors(states: StageActor[], instant = false): void {
    for (const state of states) {
      const actor = this.actors.get(state.id);
      if (!actor) continue;
      const target = this.spotPosition(states, state.spot, state.id);
      const from = actor.feet();
      // Walk across first, then up or down: reads well in a room seen from the front.
      actor.apply(state, [{ x: target.x, y: from.y }, target], instant);
    }
  }

  /** Feet position for a character at a spot; people sharing a spot stand side by side. */
  private spotPosition(states: StageActor[], spotName: string, id: string): { x: number; y: number } {
    const room = this.room;
    if (!room) return { x: 0, y: 0 };
    const centre = { name: '', x: Math.floor(room.width / 2), y: Math.floor(room.height / 2) };
    const resolve = (name: string, who: string) =>
      room.spots.find((s) => s.name === name) ??
      room.spots[Math.max(0, states.findIndex((s) => s.id === who)) % Math.max(1, room.spots.length)] ??
      centre;
    const spot = resolve(spotName, id);
    const sharing = states.filter((s) => resolve(s.spot, s.id) === spot);
    const index = Math.max(0, sharing.findIndex((s) => s.id === id));
    const offset = (index - (sharing.length - 1) / 2) * 14;
    const x = (spot.x + 0.5) * TILE + offset;
    const y = (spot.y + 0.9) * TILE;
    return { x: Math.round(x * SCALE), y: Math.round(y * SCALE) };
  }

  private clearStage(): void {
    this.overlay?.clear();
    for (const actor of this.actors.values()) actor.destroy();
    this.actors.clear();
    this.roomImage?.destroy();
    this.roomImage = null;
    this.tweens.killAll();
    this.children.removeAll(true);
    for (const key of this.textureKeys.splice(0)) {
      for (const kind of ['idle', 'walk']) for (const dir of DIRECTIONS) this.anims.remove(`${key}-${kind}-${dir}`);
      if (this.textures.exists(key)) this.textures.remove(key);
    }
  }

  private teardown(): void {
    for (const off of this.offs.splice(0)) off();
    this.overlay?.destroy();
    this.overlay = null;
  }

  /** For tests and the benchmark: actors on stage and the bubbles showing. */
  info(): { actors: number; speaking: number; thinking: number } {
    let speaking = 0;
    let thinking = 0;
    const now = Date.now();
    for (const a of this.actors.values()) {
      const o = a.overlay(now);
      if (o.speech) speaking++;
      if (o.thinking) thinking++;
    }
    return { actors: this.actors.size, speaking, thinking };
  }
}
