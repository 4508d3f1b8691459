import type * as Phaser from 'phaser';
import type { Facing, StageActor, StageCharacter } from '../../lib/bridge/events';
import { FRAME_H } from '../art/character';
import { hexToNumber, readableOn } from '../art/palette';
import type { OverlayActor } from '../overlay/StageOverlay';
import { WALK_MS_PER_TILE } from '../../../../api/src/domain/grid';
import { TILE } from '../art/room';
import { SCALE } from './style';

/** Viewers who ask for less motion get no bobbing and no idle glances (walks still happen). */
const calm = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Art pixels per second a character walks: the pace the server times walks with. */
const WALK_SPEED = (TILE * 1000) / WALK_MS_PER_TILE;

/**
 * One character on stage: sprite with idle/walk animations in four directions, a shadow
 * and a focus ring. Text (name, bubbles) lives in the DOM overlay; `overlay()` says what it
 * should show. `apply` takes the latest state; `tick` walks the path and animates.
 */
export class Actor {
  readonly container: Phaser.GameObjects.Container;
  private sprite: Phaser.GameObjects.Sprite;
  private shadow: Phaser.GameObjects.Ellipse;
  private ring: Phaser.GameObjects.Ellipse;
  private path: { x: number; y: number }[] = [];
  private facing: Facing = 'down';
  /** Where an idle character looks (toward whoever speaks), when set. */
  private lookFacing: Facing | null = null;
  private state: StageActor | null = null;
  private anim = '';
  private focused = false;
  private readonly ink: string;
  /** Idle life: the next time this character glances around, and until when. */
  private glanceAt = Date.now() + 3_000 + Math.random() * 6_000;
  private glance: { facing: Facing; until: number } | null = null;

  constructor(
    private readonly scene: Phaser.Scene,
    readonly character: StageCharacter,
    private readonly textureKey: string,
    x: number,
    y: number,
  ) {
    this.shadow = scene.add.ellipse(0, -2, 12 * SCALE, 4 * SCALE, 0x000000, 0.25);
    this.ring = scene.add
      .ellipse(0, -2, 16 * SCALE, 6 * SCALE)
      .setStrokeStyle(3, hexToNumber(character.colour), 1)
      .setVisible(false);
    this.sprite = scene.add.sprite(0, 0, textureKey, 'down-idle0').setOrigin(0.5, 1).setScale(SCALE);
    this.container = scene.add.container(x, y, [this.shadow, this.ring, this.sprite]);
    this.container.setSize(16 * SCALE, FRAME_H * SCALE);
    this.sprite.setInteractive({ useHandCursor: true });
    // Bubble headers are on white: keep the hue, reach 4.5:1.
    this.ink = readableOn(character.colour, '#ffffff');
    this.playAnim('idle');
  }

  get id(): string {
    return this.character.id;
  }

  get action(): StageActor['action'] {
    return this.state?.action ?? 'IDLE';
  }

  /** The object in the character's hands (a sprite in its container, so it walks along), or null. */
  private held: { key: string; image: Phaser.GameObjects.Image } | null = null;

  /** Show `textureKey` (an object sprite) in the character's hands, or nothing. */
  hold(textureKey: string | null): void {
    if ((this.held?.key ?? null) === textureKey) return;
    this.held?.image.destroy();
    this.held = null;
    if (!textureKey) return;
    // In front of the body, at hand height, half size: it reads as carried, not worn.
    const image = this.scene.add
      .image(4 * SCALE, -7 * SCALE, textureKey)
      .setOrigin(0.5, 1)
      .setScale(SCALE * 0.8);
    this.container.add(image);
    this.held = { key: textureKey, image };
  }

  /** Where a held object sits, in stage pixels (the give hands it over from here). */
  hand(): { x: number; y: number } {
    return { x: this.container.x + 4 * SCALE, y: this.container.y - 9 * SCALE };
  }

  /** Walking right now (a path left to follow). */
  get moving(): boolean {
    return this.path.length > 0;
  }

  onClick(handler: () => void): void {
    this.sprite.on('pointerdown', handler);
  }

  /**
   * Take a new state. `path` is the walk to its spot in stage pixels (last point = the
   * spot); an empty path or a first state puts it there at once.
   */
  apply(state: StageActor, path: { x: number; y: number }[], instant = false): void {
    const previous = this.state;
    this.state = state;
    const target = path.at(-1);
    const last = this.path.at(-1) ?? { x: this.container.x, y: this.container.y };
    if (target && (Math.abs(last.x - target.x) > 1 || Math.abs(last.y - target.y) > 1)) {
      if (!previous || instant) {
        this.path = [];
        this.container.setPosition(target.x, target.y);
      } else {
        this.path = path.slice();
      }
    }
    if (!this.path.length) this.facing = state.facing;
    this.refreshLook();
  }

  /** Face whoever speaks while idle (null: the facing the server sent). */
  lookToward(facing: Facing | null): void {
    this.lookFacing = facing;
  }

  setFocus(focused: boolean): void {
    this.focused = focused;
    this.ring.setVisible(focused);
  }

  /** The head top in stage pixels. */
  head(): { x: number; y: number } {
    return { x: this.container.x, y: this.container.y + this.sprite.y - FRAME_H * SCALE + 4 };
  }

  feet(): { x: number; y: number } {
    return { x: this.container.x, y: this.container.y };
  }

  tick(now: number, deltaMs: number): void {
    this.walk(deltaMs);
    // The speaker bobs gently: the eye finds who talks without greying anyone out.
    const speaking = this.speakingAt(now);
    this.sprite.y = speaking && !calm ? -Math.round(Math.abs(Math.sin(now / 190)) * 2) * SCALE : 0;
    if (!this.path.length) {
      const idle = this.action === 'IDLE';
      // Nobody talking: now and then a character glances aside for a moment.
      if (idle && !calm && !this.lookFacing && now >= this.glanceAt) {
        const options: Facing[] = ['left', 'right', 'down'];
        this.glance = { facing: options[Math.floor(Math.random() * options.length)]!, until: now + 1_200 };
        this.glanceAt = now + 5_000 + Math.random() * 7_000;
      }
      if (this.glance && (now > this.glance.until || !idle || this.lookFacing)) this.glance = null;
      const want =
        idle && this.lookFacing ? this.lookFacing : idle && this.glance ? this.glance.facing : (this.state?.facing ?? this.facing);
      if (want !== this.facing) {
        this.facing = want;
        this.refreshLook();
      }
    }
    if (this.focused) this.ring.setAlpha(0.6 + Math.sin(now / 200) * 0.4);
    this.container.setDepth(this.container.y);
  }

  /** What the DOM overlay shows for this character now. */
  overlay(now: number): OverlayActor {
    const s = this.state;
    const speech =
      s && s.line && this.speakingAt(now)
        ? {
            text: s.line.text,
            recipientName: s.line.recipientName,
            emoji: s.moodEmoji,
            startedAt: s.actionStartedAt,
            durationMs: s.actionDurationMs,
          }
        : null;
    return {
      id: this.id,
      name: this.character.name,
      colour: this.character.colour,
      inkColour: this.ink,
      head: this.head(),
      feet: this.feet(),
      speech,
      thinking: s?.action === 'THINKING',
      endRequested: s?.endRequested ?? false,
    };
  }

  private speakingAt(now: number): boolean {
    const s = this.state;
    return !!s && s.action === 'SPEAKING' && !!s.line && now < s.actionStartedAt + Math.max(s.actionDurationMs, 800) + 400;
  }

  private walk(deltaMs: number): void {
    const next = this.path[0];
    if (!next) return;
    const step = (WALK_SPEED * SCALE * Math.min(deltaMs, 100)) / 1000;
    const dx = next.x - this.container.x;
    const dy = next.y - this.container.y;
    const dist = Math.hypot(dx, dy);
    if (dist > 0.5) this.facing = Math.abs(dx) >= Math.abs(dy) ? (dx < 0 ? 'left' : 'right') : dy < 0 ? 'up' : 'down';
    if (dist <= step) {
      this.container.setPosition(next.x, next.y);
      this.path.shift();
      if (!this.path.length && this.state) this.facing = this.state.facing;
    } else {
      this.container.setPosition(this.container.x + (dx / dist) * step, this.container.y + (dy / dist) * step);
    }
    this.refreshLook();
  }

  private refreshLook(): void {
    const walking = this.path.length > 0;
    this.playAnim(walking ? 'walk' : 'idle');
  }

  private playAnim(kind: 'idle' | 'walk'): void {
    const key = `${this.textureKey}-${kind}-${this.facing}`;
    if (key === this.anim) return;
    this.anim = key;
    this.sprite.play(key, true);
  }

  destroy(): void {
    this.container.destroy();
  }
}
