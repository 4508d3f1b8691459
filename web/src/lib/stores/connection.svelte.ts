import type { ConnectionEvents } from '../graphql/client';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** After this many failed attempts in a row the pill says "offline" (retries go on). */
const OFFLINE_AFTER = 3;

/**
 * Connection state for the pill, fed by the graphql-ws client's events. `onReconnect`
 * listeners (the scene stores) resume their streams after a drop.
 */
export class ConnectionStore implements ConnectionEvents {
  status = $state<ConnectionStatus>('connecting');
  /** Failed attempts since the link was last up. */
  attempts = $state(0);
  /** Times the link came back after a drop. */
  reconnects = $state(0);
  everConnected = $state(false);
  /** When the link went down (local ms), null while it is up: the stage says it lost the server. */
  downSince = $state<number | null>(null);
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- callbacks, not state: nothing renders from this set
  private listeners = new Set<() => void>();

  connecting(isRetry: boolean): void {
    if (!isRetry && !this.everConnected) {
      this.status = 'connecting';
      return;
    }
    this.attempts++;
    this.downSince ??= Date.now();
    this.status = this.attempts >= OFFLINE_AFTER ? 'offline' : 'reconnecting';
  }

  connected(): void {
    if (!this.everConnected) globalThis.performance?.mark?.('pixeltales:connected');
    const wasDown = this.everConnected;
    this.status = 'connected';
    this.attempts = 0;
    this.downSince = null;
    this.everConnected = true;
    if (wasDown) {
      this.reconnects++;
      for (const listener of [...this.listeners]) listener();
    }
  }

  closed(): void {
    if (this.status !== 'connected') return;
    this.status = 'reconnecting';
    this.downSince = Date.now();
  }

  /** Call `listener` each time the link comes back after a drop. Returns an unsubscribe. */
  onReconnect(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get label(): string {
    switch (this.status) {
      case 'connected':
        // The connection, not the scene: a paused scene is still "connected".
        return 'connected';
      case 'connecting':
        return 'connecting…';
      case 'reconnecting':
        return `reconnecting ${this.attempts || ''}`.trim() + '…';
      case 'offline':
        return `offline · retry ${this.attempts}`;
    }
  }
}
