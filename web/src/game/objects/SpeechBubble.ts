import * as Phaser from 'phaser';
import { hexToNumber, luminance, shade } from '../art/palette';
import { EMOJI_FONT, FONT, INK, INK_NUM, UI_DEPTH } from './style';

const PAD = 10;
const MAX_TEXT = 250;
const TAIL = 10;

/**
 * Name, mood emoji, the wrapped line and a bar that shrinks over the speaking time.
 * Anchored by its tail tip; `place` keeps it inside the stage.
 */
export class SpeechBubble extends Phaser.GameObjects.Container {
  private bg: Phaser.GameObjects.Graphics;
  private bar: Phaser.GameObjects.Graphics;
  private nameText: Phaser.GameObjects.Text;
  private emojiText: Phaser.GameObjects.Text;
  private bodyText: Phaser.GameObjects.Text;
  private bw = 0;
  private bh = 0;
  private startedAt = 0;
  private durationMs = 0;
  private readonly colour: number;
  private shownKey = '';

  constructor(scene: Phaser.Scene, private readonly speaker: string, colour: string) {
    super(scene, 0, 0);
    this.colour = hexToNumber(colour);
    const nameColour = luminance(colour) > 0.6 ? shade(colour, -0.45) : colour;
    this.bg = scene.add.graphics();
    this.bar = scene.add.graphics();
    this.nameText = scene.add.text(PAD, PAD - 2, speaker, { fontFamily: FONT, fontSize: '15px', fontStyle: 'bold', color: nameColour, resolution: 2 });
    this.emojiText = scene.add.text(0, PAD - 4, '', { fontFamily: EMOJI_FONT, fontSize: '17px', resolution: 2 });
    this.bodyText = scene.add.text(PAD, PAD + 18, '', {
      fontFamily: FONT,
      fontSize: '15px',
      color: INK,
      lineSpacing: 2,
      wordWrap: { width: MAX_TEXT, useAdvancedWrap: true },
      resolution: 2,
    });
    this.add([this.bg, this.bar, this.nameText, this.emojiText, this.bodyText]);
    this.setDepth(UI_DEPTH + 2).setVisible(false);
    scene.add.existing(this);
  }

  /** Show a line; re-layout only when the text changes. */
  show(text: string, recipient: string | null, emoji: string, startedAt: number, durationMs: number): void {
    const key = `${text}|${recipient}|${emoji}`;
    this.startedAt = startedAt;
    this.durationMs = durationMs;
    this.setVisible(true);
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.nameText.setText(recipient ? `${this.speaker} → ${recipient}` : this.speaker);
    this.emojiText.setText(emoji);
    this.bodyText.setText(text);
    const headerW = this.nameText.width + 8 + this.emojiText.width;
    this.bw = Math.ceil(Math.max(120, Math.min(MAX_TEXT, Math.max(headerW, this.bodyText.width))) + PAD * 2);
    this.bh = Math.ceil(PAD + 18 + this.bodyText.height + 10 + PAD);
    this.emojiText.setX(this.bw - PAD - this.emojiText.width);
    this.drawBackground(0.5);
  }

  hide(): void {
    this.setVisible(false);
    this.shownKey = '';
  }

  /** Put the tail tip at (x, y) with the bubble above it, clamped to the stage. */
  place(x: number, y: number, stageW: number): void {
    const left = Phaser.Math.Clamp(x - this.bw / 2, 6, stageW - this.bw - 6);
    const top = Math.max(4, y - this.bh - TAIL);
    this.setPosition(Math.round(left), Math.round(top));
    const tailX = Phaser.Math.Clamp(x - left, 16, this.bw - 16);
    if (tailX !== this.tailX) this.drawBackground(tailX / this.bw);
  }

  private tailX = -1;

  private drawBackground(tailFraction: number): void {
    const g = this.bg;
    const tx = Math.round(this.bw * tailFraction);
    this.tailX = tx;
    g.clear();
    g.fillStyle(0x000000, 0.18).fillRoundedRect(3, 4, this.bw, this.bh, 9);
    g.fillStyle(0xffffff, 1).fillRoundedRect(0, 0, this.bw, this.bh, 9);
    g.lineStyle(3, INK_NUM, 1).strokeRoundedRect(0, 0, this.bw, this.bh, 9);
    g.fillStyle(0xffffff, 1).fillTriangle(tx - 8, this.bh - 2, tx + 8, this.bh - 2, tx, this.bh + TAIL);
    g.lineStyle(3, INK_NUM, 1).lineBetween(tx - 8, this.bh, tx, this.bh + TAIL).lineBetween(tx + 8, this.bh, tx, this.bh + TAIL);
    g.fillStyle(this.colour, 0.18).fillRect(PAD, this.bh - PAD - 4, this.bw - PAD * 2, 5);
  }

  /** Shrink the progress bar. */
  tick(now: number): void {
    if (!this.visible) return;
    const left = this.durationMs > 0 ? Phaser.Math.Clamp(1 - (now - this.startedAt) / this.durationMs, 0, 1) : 1;
    this.bar.clear();
    this.bar.fillStyle(this.colour, 1).fillRect(PAD, this.bh - PAD - 4, Math.round((this.bw - PAD * 2) * left), 5);
  }
}
