import * as Phaser from 'phaser';
import { INK_NUM, UI_DEPTH } from './style';

/** A little cloud with three dots that take turns lighting up. */
export class ThoughtBubble extends Phaser.GameObjects.Container {
  private dots: Phaser.GameObjects.Arc[] = [];

  constructor(scene: Phaser.Scene) {
    super(scene, 0, 0);
    const g = scene.add.graphics();
    const puffs: [number, number, number][] = [
      [-22, -4, 14],
      [0, -12, 17],
      [22, -4, 14],
      [-10, 6, 12],
      [12, 6, 12],
    ];
    g.fillStyle(INK_NUM, 1);
    for (const [x, y, r] of puffs) g.fillCircle(x, y, r + 3);
    g.fillCircle(-6, 26, 6);
    g.fillCircle(-12, 38, 4);
    g.fillStyle(0xffffff, 1);
    for (const [x, y, r] of puffs) g.fillCircle(x, y, r);
    g.fillCircle(-6, 26, 4);
    g.fillCircle(-12, 38, 2.5);
    this.add(g);
    for (let i = 0; i < 3; i++) {
      const dot = scene.add.circle(-14 + i * 14, -2, 4, INK_NUM);
      this.dots.push(dot);
      this.add(dot);
    }
    this.setDepth(UI_DEPTH + 1).setVisible(false);
    scene.add.existing(this);
  }

  /** Put the cloud's trailing bubbles just above (x, y). */
  place(x: number, y: number): void {
    this.setPosition(Math.round(x + 12), Math.round(y - 44));
  }

  tick(now: number): void {
    if (!this.visible) return;
    const phase = (now / 380) % 3;
    this.dots.forEach((dot, i) => {
      const lit = Math.floor(phase) === i;
      dot.setAlpha(lit ? 1 : 0.3);
      dot.setY(lit ? -5 : -2);
    });
    this.setScale(1 + Math.sin(now / 500) * 0.03);
  }
}
