/**
 * What this browser presents to the server: a stable client id (kept in localStorage), the
 * viewer session token the server issued (votes count once per session; kept in localStorage,
 * obtained on the first vote) and an optional moderator token (kept in sessionStorage, so it
 * leaves with the tab). All travel in graphql-ws `connectionParams`.
 */

type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const CLIENT_ID_KEY = 'pixeltales.clientId';
const TOKEN_KEY = 'pixeltales.moderatorToken';
const VIEWER_TOKEN_KEY = 'pixeltales.viewerToken';
const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** True for ids the server accepts: 8–64 of A–Z a–z 0–9 _ -. */
export function isClientId(value: string | null | undefined): value is string {
  return !!value && CLIENT_ID.test(value);
}

/** A fresh random id: a UUID without dashes (32 hex digits). */
export function newClientId(random: () => string = () => crypto.randomUUID()): string {
  return random().replaceAll('-', '');
}

/** The stored client id, or a new one (stored when storage works). */
export function loadClientId(storage: KeyValue | null, make: () => string = newClientId): string {
  const saved = read(storage, CLIENT_ID_KEY);
  if (isClientId(saved)) return saved;
  const id = make();
  write(storage, CLIENT_ID_KEY, id);
  return id;
}

export class Credentials {
  readonly clientId: string;
  token: string | null;
  /** The viewer session from `startViewerSession` (./viewerSession.ts), or null before the first vote. */
  viewerToken: string | null;

  constructor(
    private readonly local: KeyValue | null = storageOf('localStorage'),
    private readonly session: KeyValue | null = storageOf('sessionStorage'),
  ) {
    this.clientId = loadClientId(local);
    this.token = read(session, TOKEN_KEY);
    this.viewerToken = read(local, VIEWER_TOKEN_KEY);
  }

  /** Keep the viewer session token for this browser (null forgets it). */
  setViewerToken(token: string | null): void {
    this.viewerToken = token;
    if (token) write(this.local, VIEWER_TOKEN_KEY, token);
    else remove(this.local, VIEWER_TOKEN_KEY);
  }

  /** Remember a moderator token for this tab (null forgets it). */
  setToken(token: string | null): void {
    const clean = token?.trim() || null;
    this.token = clean;
    if (clean) write(this.session, TOKEN_KEY, clean);
    else remove(this.session, TOKEN_KEY);
  }

  /** The `connection_init` payload. */
  params(): Record<string, string> {
    return {
      clientId: this.clientId,
      ...(this.viewerToken ? { viewerToken: this.viewerToken } : {}),
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
    };
  }
}

function remove(storage: KeyValue | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // storage unavailable: nothing was kept
  }
}

function read(storage: KeyValue | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(storage: KeyValue | null, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // Private mode or full storage: it lasts for this page only.
  }
}

function storageOf(name: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    return typeof globalThis[name] === 'undefined' ? null : globalThis[name];
  } catch {
    return null;
  }
}
