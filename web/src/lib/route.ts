/**
 * The URL names the scene: `/scene/<slug>` (or `?scene=<slug>`). No scene in the URL means
 * "pick one for me".
 */
export function sceneFromUrl(url: Pick<URL, 'pathname' | 'searchParams'>): string | null {
  const query = url.searchParams.get('scene');
  if (query && query.trim()) return query.trim();
  const m = /^\/scene\/([^/]+)\/?$/.exec(url.pathname);
  if (!m) return null;
  try {
    const slug = decodeURIComponent(m[1]!).trim();
    return slug || null;
  } catch {
    return m[1]!;
  }
}

/** True on the stats page (`/stats`, with or without a trailing slash). */
export function isStatsPath(pathname: string): boolean {
  return /^\/stats\/?$/.test(pathname);
}

export function sceneUrl(slug: string): string {
  return `/scene/${encodeURIComponent(slug)}`;
}

/** True when a key press happens while typing, so shortcuts must leave it alone. */
export function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
    return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'color'].includes(type);
  }
  return el.isContentEditable === true;
}

/** What a key press means on the stage, or null. */
export function shortcutFor(
  e: Pick<KeyboardEvent, 'key' | 'target' | 'ctrlKey' | 'metaKey' | 'altKey'>,
): 'toggle' | 'back' | 'forward' | 'live' | null {
  if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return null;
  switch (e.key) {
    case 'h':
    case 'H':
      return 'toggle';
    case 'ArrowLeft':
      return 'back';
    case 'ArrowRight':
      return 'forward';
    case 'Escape':
      return 'live';
    default:
      return null;
  }
}
