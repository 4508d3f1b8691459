import * as Phaser from 'phaser';

export type RendererChoice = 'auto' | 'webgl' | 'canvas';

/**
 * WebGL unless the only WebGL on offer is a software rasteriser (SwiftShader, llvmpipe:
 * headless browsers, old laptops without drivers). There the plain Canvas renderer draws
 * this small 2D stage several times faster.
 */
export function pickRenderer(choice: RendererChoice = 'auto'): number {
  if (choice === 'webgl') return Phaser.WEBGL;
  if (choice === 'canvas') return Phaser.CANVAS;
  try {
    const gl = document.createElement('canvas').getContext('webgl');
    if (!gl) return Phaser.CANVAS;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|software|basic render/i.test(name) ? Phaser.CANVAS : Phaser.WEBGL;
  } catch {
    return Phaser.AUTO;
  }
}
