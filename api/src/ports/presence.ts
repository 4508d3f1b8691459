/**
 * Who watches which scene. A viewer is one live `sceneEvents` subscription.
 * Counts are cluster-wide in the scaled setup.
 */
export interface Presence {
  readonly kind: string;
  /** Register one viewer; resolves to the scene's new viewer count. */
  join(sceneId: string): Promise<number>;
  /** Remove one viewer; resolves to the scene's new viewer count. */
  leave(sceneId: string): Promise<number>;
  /**
   * Add `delta` viewers (negative: remove; the count never goes below zero) in one write;
   * resolves to the scene's new viewer count. How a burst of joins is counted at once.
   */
  change(sceneId: string, delta: number): Promise<number>;
  count(sceneId: string): Promise<number>;
  /** Viewer counts of every scene with at least one viewer. */
  counts(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}
