import * as Phaser from 'phaser';
import type { Bridge } from '../../lib/bridge/bridge';
import type { StageActor, ToGame } from '../../lib/bridge/events';
import { DIRECTIONS, FRAME_H, FRAME_W, lookFor, paintCharacterSheet, POSES } from '../art/character';
import { hash } from '../art/palette';
import { paintObject } from '../art/objects';
import { paintRoom, TILE } from '../art/room';
import { Actor } from '../objects/Actor';
import { SCALE } from '../objects/style';
import { StageOverlay } from '../overlay/StageOverlay';
import { facingFrom } from '../layout/facing';
// The API's own grid rules (no imports, pure): server and stage agree tile for tile.
import { findPath, standTiles, walkableGrid, type Grid, type Tile } from '../../../../api/src/domain/grid';

type Load = ToGame['stage:load'];

/**
 * The one Phaser scene: paints the room, builds an actor per character and keeps them in
 * step with what the shell sends over the bridge.
 */
export class StageScene extends Phaser.Scene {
  private actors = new Map<string, Actor>();
  private room: Load['room'] | null = null;
  private grid: Grid | null = null;
  private roomImage: Phaser.GameObjects.Image | null = null;
  private textureKeys: string[] = [];
  private offs: (() => void)[] = [];
  private loads = 0;
  private stageW = 960;
  private stageH = 576;
  private overlay: StageOverlay | null = null;
  /** Room objects lying on their tiles (hidden while someone holds them), by object id. */
  private objects = new Map<string, { key: string; image: Phaser.GameObjects.Image }>();
  /** Latest state per character (what each one holds). */
  private states = new Map<string, StageActor>();
  /** A look_at turns its character toward the one looked at for a moment. */
  private looks = new Map<string, { at: string; until: number }>();
  /** A give shows the object flying over; the receiver holds it once it lands. */
  private landing = new Map<string, number>();

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
      this.bridge.on('stage:acted', (p) => this.showAction(p)),
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
    const speaker =
      [...this.actors.values()].find((a) => a.action === 'SPEAKING') ?? [...this.actors.values()].find((a) => a.action === 'THINKING');
    for (const actor of this.actors.values()) {
      const look = this.looks.get(actor.id);
      const lookedAt = look && look.until > now ? this.actors.get(look.at) : undefined;
      const toward = lookedAt ?? (speaker && speaker !== actor ? speaker : undefined);
      actor.lookToward(toward ? facingFrom(actor.feet(), toward.feet()) : null);
      actor.tick(now, delta);
    }
    this.showHands(now);
    this.overlay?.render(
      [...this.actors.values()].map((a) => a.overlay(now)),
      { w: this.stageW, h: this.stageH },
      now,
    );
    // After the names and bubbles are placed: action labels keep clear of them.
    this.overlay?.followActions(new Map([...this.actors].map(([id, a]) => [id, a.feet()])), { w: this.stageW }, now);
  }

  private loadStage(p: Load): void {
    this.clearStage();
    const token = ++this.loads;
    this.room = p.room;
    this.grid = walkableGrid(p.room);
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
      const actor = new Actor(this, c, key, 0, 0);
      actor.onClick(() => this.bridge.emit('game:select', { characterId: c.id }));
      this.actors.set(c.id, actor);
    }
    for (const o of p.room.objects ?? []) {
      const key = `obj-${o.id}-${token}`;
      this.addCanvasTexture(key, paintObject(o.id));
      // On its tile, bottom-centred like the characters, drawn behind whoever stands in front.
      const feet = feetOf(o);
      const image = this.add
        .image(feet.x, feet.y, key)
        .setOrigin(0.5, 1)
        .setScale(SCALE)
        .setDepth(feet.y - 1);
      this.objects.set(o.id, { key, image });
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

  /**
   * Put every actor on its tile (one per tile, from the shared grid rules). A move walks:
   * the server's path when the state carries one that ends on that tile, else the same A*
   * the server uses, around furniture and the others.
   */
  private syncActors(states: StageActor[], instant = false): void {
    const room = this.room;
    const grid = this.grid;
    if (!room || !grid) return;
    for (const state of states) this.states.set(state.id, state);
    // States arrive in the scene's character order, as the server orders them.
    const tiles = standTiles(room, states, grid);
    for (const state of states) {
      const actor = this.actors.get(state.id);
      const target = tiles.get(state.id);
      if (!actor || !target) continue;
      const from = tileAt(actor.feet());
      let path: Tile[];
      const served = state.walk;
      if (served && served.length && sameTile(served.at(-1)!, target)) {
        path = served;
      } else if (sameTile(from, target)) {
        path = [target];
      } else {
        const others = new Set([...tiles].filter(([id]) => id !== state.id).map(([, t]) => `${t.x},${t.y}`));
        path = findPath(grid, from, target, others) ?? findPath(grid, from, target) ?? [from, target];
      }
      actor.apply(state, path.map(feetOf), instant);
    }
  }

  /** Objects in hands ride with their character; the others lie on their tiles. */
  private showHands(now: number): void {
    const held = new Set<string>();
    for (const [id, state] of this.states) {
      const object = state.holding ? this.objects.get(state.holding) : undefined;
      if (object) held.add(state.holding!);
      const landing = (this.landing.get(id) ?? 0) > now;
      this.actors.get(id)?.hold(object && !landing ? object.key : null);
    }
    for (const [id, o] of this.objects) o.image.setVisible(!held.has(id));
  }

  /** What a character just did: a label under it; a look turns it; a give flies the object over. */
  private showAction(p: ToGame['stage:acted']): void {
    const actor = this.actors.get(p.characterId);
    if (!actor) return;
    const name = actor.character.name;
    const what = p.text.startsWith(`${name} `) ? p.text.slice(name.length + 1) : p.text;
    this.overlay?.action(actor.id, `${p.emoji} ${what}`);
    const now = Date.now();
    if (p.kind === 'LOOK_AT' && p.targetId) this.looks.set(actor.id, { at: p.targetId, until: now + 3_000 });
    const target = p.targetId ? this.actors.get(p.targetId) : undefined;
    const object = p.objectId ? this.objects.get(p.objectId) : undefined;
    if (p.kind === 'GIVE' && target && object) {
      const ms = 700;
      this.landing.set(target.id, now + ms);
      const from = actor.hand();
      const to = target.hand();
      const flying = this.add
        .image(from.x, from.y, object.key)
        .setOrigin(0.5, 1)
        .setScale(SCALE * 0.8)
        .setDepth(10_000);
      this.tweens.add({ targets: flying, x: to.x, y: to.y, duration: ms, ease: 'Sine.easeInOut', onComplete: () => flying.destroy() });
    }
  }

  /** Where a character stands now, for tests: its tile. */
  tileOf(id: string): Tile | null {
    const actor = this.actors.get(id);
    return actor ? tileAt(actor.feet()) : null;
  }

  private clearStage(): void {
    this.overlay?.clear();
    for (const actor of this.actors.values()) actor.destroy();
    this.actors.clear();
    this.roomImage?.destroy();
    this.roomImage = null;
    for (const o of this.objects.values()) o.image.destroy();
    this.objects.clear();
    this.states.clear();
    this.looks.clear();
    this.landing.clear();
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

/** Feet position (stage pixels) of a character standing on a tile. */
function feetOf(t: Tile): { x: number; y: number } {
  return { x: Math.round((t.x + 0.5) * TILE * SCALE), y: Math.round((t.y + 0.9) * TILE * SCALE) };
}

function tileAt(p: { x: number; y: number }): Tile {
  return { x: Math.floor(p.x / (TILE * SCALE)), y: Math.round(p.y / (TILE * SCALE) - 0.9) };
}

function sameTile(a: Tile, b: Tile): boolean {
  return a.x === b.x && a.y === b.y;
}
