import { describe, expect, it } from 'vitest';
import { isStatsPath, isTyping, sceneFromUrl, sceneUrl, shortcutFor } from './route';

const url = (s: string) => new URL(s, 'http://localhost');

describe('sceneFromUrl', () => {
  it('reads /scene/<slug> and ?scene=', () => {
    expect(sceneFromUrl(url('/scene/observatory-night'))).toBe('observatory-night');
    expect(sceneFromUrl(url('/scene/observatory-night/'))).toBe('observatory-night');
    expect(sceneFromUrl(url('/?scene=lost-luggage'))).toBe('lost-luggage');
    expect(sceneFromUrl(url('/scene/a%20b'))).toBe('a b');
  });
  it('returns null when the URL names no scene', () => {
    expect(sceneFromUrl(url('/'))).toBeNull();
    expect(sceneFromUrl(url('/other/x'))).toBeNull();
    expect(sceneFromUrl(url('/?scene=%20'))).toBeNull();
  });
  it('survives malformed escapes', () => {
    expect(sceneFromUrl(url('/scene/%E0%A4%A'))).toBe('%E0%A4%A');
  });
  it('builds URLs that read back', () => {
    expect(sceneFromUrl(url(sceneUrl('rooftop garden')))).toBe('rooftop garden');
  });
});

describe('shortcuts', () => {
  const key = (k: string, target: unknown = null) => ({
    key: k,
    target: target as EventTarget,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
  });
  it('maps H and the arrows', () => {
    expect(shortcutFor(key('h'))).toBe('toggle');
    expect(shortcutFor(key('ArrowLeft'))).toBe('back');
    expect(shortcutFor(key('ArrowRight'))).toBe('forward');
    expect(shortcutFor(key('x'))).toBeNull();
  });
  it('ignores keys typed into fields', () => {
    const input = { tagName: 'INPUT', type: 'text' };
    const checkbox = { tagName: 'INPUT', type: 'checkbox' };
    const area = { tagName: 'TEXTAREA' };
    const editable = { tagName: 'DIV', isContentEditable: true };
    expect(isTyping(input as unknown as EventTarget)).toBe(true);
    expect(isTyping(area as unknown as EventTarget)).toBe(true);
    expect(isTyping(editable as unknown as EventTarget)).toBe(true);
    expect(isTyping(checkbox as unknown as EventTarget)).toBe(false);
    expect(shortcutFor(key('h', input))).toBeNull();
    expect(shortcutFor({ ...key('h'), ctrlKey: true })).toBeNull();
  });
});

describe('isStatsPath', () => {
  it('is the stats page at /stats and /stats/ only', () => {
    expect(isStatsPath('/stats')).toBe(true);
    expect(isStatsPath('/stats/')).toBe(true);
    expect(isStatsPath('/statsx')).toBe(false);
    expect(isStatsPath('/scene/stats')).toBe(false);
    expect(isStatsPath('/')).toBe(false);
  });
});
