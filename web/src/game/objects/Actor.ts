import * as Phaser from 'phaser';
import type { Facing, StageActor, StageCharacter } from '../../lib/bridge/events';
import { FRAME_H } from '../art/character';
import { hexToNumber } from '../art/palette';
import { SpeechBubble } from './SpeechBubble';
import { EMOJI_FONT, FONT, SCALE, UI_DEPTH } from './style';
import { ThoughtBubble } from './ThoughtBubble';

/** Art pixels per second a character walks. */
const WALK_SPEED = 42;

/**
 * One character on stage: sprite with idle/walk animations in four directions, shadow,
 * name tag, and its speech and thought bubbles. `apply` takes the latest state; `tick`
 * moves it along its path and keeps the bubbles attached.
 */
export class Actor {
  readonly container: Phaser.GameObjects.Container;
  private sprite: Phaser.GameObjects.Sprite;
  private shadow: Phaser.GameObjects.Ellipse;
  private ring: Phaser.GameObjects.Ellipse;
  private label: Phaser.GameObjects.Text;
  private speech: SpeechBubble;
  private thought: ThoughtBubble;
  private path: { x: number; y: number }[] = [];
  private facing: Facing = 'down';
  private state: StageActor | null = null;
  private anim = '';
  private focused = false;

  constructor(
    private readonly scene: Phaser.Scene,
    readonly character: StageCharacter,
    private readonly textureKey: string,
    x: number,
    y: number,
  ) {
    this.shadow = scene.add.ellipse(0, -2, 12 * SCALE, 4 * SCALE, 0x000000, 0.25);
    this.ring = scene.add.ellipse(0, -2, 16 * SCALE, 6 * SCALE).setStrokeStyle(3, hexToNumber(character.colour), 1).setVisible(false);
    this.sprite = scene.add.sprite(0, 0, textureKey, 'down-idle0').setOrigin(0.5, 1).setScale(SCALE);
    this.label = scene.add
      .text(0, 6, character.name, {
        fontFamily: FONT,
        fontSize: '13px',
        fontStyle: 'bold',
        color: '#ffffff',
        stroke: '#1d1626',
        strokeThickness: 4,
        resolution: 2,
      })
      .setOrigin(0.5, 0);
    this.container = scene.add.container(x, y, [this.shadow, this.ring, this.sprite, this.label]);
    this.container.setSize(16 * SCALE, FRAME_H * SCALE);
    this.sprite.setInteractive({ useHandCursor: true });
    this.speech = new SpeechBubble(scene, character.name, character.colour);
    this.thought = new ThoughtBubble(scene);
    this.playAnim('idle');
  }

  /** Which bubble shows now (for tests and the benchmark). */
  get bubble(): 'speech' | 'thought' | null {
    return this.speech.visible ? 'speech' : this.thought.visible ? 'thought' : null;
  }

  get id(): string {
    return this.character.id;
  }

  onClick(handler: () => void): void {
    this.sprite.on('pointerdown', handler);
  }

  /** Take a new state; `target` is where its spot puts it on screen. */
  apply(state: StageActor, target: { x: number; y: number }): void {
    const previous = this.state;
    this.state = state;
    const last = this.path.at(-1) ?? { x: this.container.x, y: this.container.y };
    if (Math.abs(last.x - target.x) > 1 || Math.abs(last.y - target.y) > 1) {
      // Walk across first, then up or down: reads well in a room seen from the front.
      if (!previous) {
        this.container.setPosition(target.x, target.y);
      } else {
        this.path.push({ x: target.x, y: last.y }, { x: target.x, y: target.y });
      }
    }
    if (!this.path.length) this.facing = state.facing;
    this.label.setText(state.endRequested ? `👋 ${this.character.name}` : this.character.name);
    this.refreshLook();
  }

  setFocus(focused: boolean): void {
    this.focused = focused;
    this.ring.setVisible(focused);
  }

  /** The head top in stage pixels (for pops). */
  head(): { x: number; y: number } {
    return { x: this.container.x, y: this.container.y - FRAME_H * SCALE + 4 };
  }

  tick(now: number, deltaMs: number, stageW: number): void {
    this.walk(deltaMs);
    const { x, y } = this.head();
    const s = this.state;
    const speaking = s?.action === 'SPEAKING' && s.line && now < s.actionStartedAt + Math.max(s.actionDurationMs, 800) + 400;
    if (speaking && s.line) {
      this.speech.show(s.line.text, s.line.recipientName, s.moodEmoji, s.actionStartedAt, s.actionDurationMs);
      this.speech.place(x, y - 4, stageW);
      this.speech.tick(now);
    } else {
      this.speech.hide();
    }
    const thinking = s?.action === 'THINKING';
    this.thought.setVisible(thinking);
    if (thinking) {
      this.thought.place(x, y);
      this.thought.tick(now);
    }
    if (this.focused) this.ring.setAlpha(0.6 + Math.sin(now / 200) * 0.4);
    this.container.setDepth(this.container.y);
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
    const walking = this.path.length > 0 || this.state?.action === 'WALKING';
    this.playAnim(walking ? 'walk' : 'idle');
    const idle = !walking && (this.state?.action ?? 'IDLE') === 'IDLE';
    // Listeners step back a little so the eye finds whoever is talking.
    this.sprite.setAlpha(idle ? 0.62 : 1);
    if (idle) this.sprite.setTint(0xb8b8cc);
    else this.sprite.clearTint();
    this.label.setAlpha(idle ? 0.7 : 1);
  }

  private playAnim(kind: 'idle' | 'walk'): void {
    const key = `${this.textureKey}-${kind}-${this.facing}`;
    if (key === this.anim) return;
    this.anim = key;
    this.sprite.play(key, true);
  }

  /** Pop an emoji over the head; it bounces in, floats up and fades. */
  pop(emoji: string): void {
    const { x, y } = this.head();
    const text = this.scene.add
      .text(x + 14, y - 4, emoji, { fontFamily: EMOJI_FONT, fontSize: '30px', resolution: 2 })
      .setOrigin(0.5, 1)
      .setDepth(UI_DEPTH + 5)
      .setScale(0);
    this.scene.tweens.add({ targets: text, scale: 1, duration: 380, ease: 'Back.easeOut' });
    this.scene.tweens.add({
      targets: text,
      y: y - 40,
      alpha: 0,
      delay: 1600,
      duration: 900,
      ease: 'Sine.easeIn',
      onComplete: () => text.destroy(),
    });
  }

  destroy(): void {
    this.speech.destroy();
    this.thought.destroy();
    this.container.destroy();
  }
}
