import type { BridgeEvents } from './events';

type Handler<T> = (payload: T) => void;

/**
 * A tiny typed emitter. `on` returns its own unsubscribe; `clear` drops every listener so
 * an unmounted game leaves nothing behind. The last payload per event is kept so a listener
 * that attaches late (the game boots after the first store update) can catch up.
 */
export class Bridge<Events extends object = BridgeEvents> {
  private handlers = new Map<keyof Events, Set<Handler<never>>>();
  private last = new Map<keyof Events, unknown>();

  on<K extends keyof Events>(event: K, handler: Handler<Events[K]>): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => this.off(event, handler);
  }

  off<K extends keyof Events>(event: K, handler: Handler<Events[K]>): void {
    this.handlers.get(event)?.delete(handler);
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    this.last.set(event, payload);
    for (const handler of [...(this.handlers.get(event) ?? [])]) (handler as Handler<Events[K]>)(payload);
  }

  /** The last payload emitted for `event`, if any. */
  latest<K extends keyof Events>(event: K): Events[K] | undefined {
    return this.last.get(event) as Events[K] | undefined;
  }

  listenerCount(event?: keyof Events): number {
    if (event) return this.handlers.get(event)?.size ?? 0;
    let n = 0;
    for (const set of this.handlers.values()) n += set.size;
    return n;
  }

  clear(): void {
    this.handlers.clear();
    this.last.clear();
  }
}
