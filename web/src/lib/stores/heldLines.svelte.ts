import type { Client } from '@urql/core';
import { problemOf } from '../graphql/errors';
import type { HeldLinesQuery as HeldLinesResult } from '../graphql/generated/graphql';
import { ApproveHeldLineMutation, HeldLineChangedSubscription, HeldLinesQuery, RejectHeldLineMutation } from '../graphql/heldLines';

export type HeldLine = HeldLinesResult['heldLines'][number];

/** Refusals that mean the line is no longer waiting. */
const GONE: ReadonlySet<string> = new Set(['ALREADY_RELEASED', 'ALREADY_REJECTED', 'NOT_HELD', 'NOT_FOUND']);

/** `term:tomato` → `term “tomato”`; other reasons as they are. */
export function reasonLabel(reason: string): string {
  if (reason.startsWith('term:')) return `term “${reason.slice(5)}”`;
  if (reason === 'screen-unavailable') return 'screen unavailable';
  return reason.replace(/^openai:/, 'openai ');
}

/** The index to select after the list changed: keep the same line if it is still there, else the same place. */
export function nextSelection(before: readonly HeldLine[], after: readonly HeldLine[], selected: number): number {
  if (after.length === 0) return 0;
  const id = before[selected]?.message.id;
  const same = id ? after.findIndex((l) => l.message.id === id) : -1;
  return same >= 0 ? same : Math.min(selected, after.length - 1);
}

/**
 * The review queue of the shown scene (moderators only): the held lines with reasons and
 * context, read now and again on every `heldLineChanged` (held, approved or rejected by anyone),
 * a selected line for the keyboard, and the two decisions. A read started while another is in
 * flight wins; the older answer is dropped.
 */
export class HeldLinesStore {
  lines = $state<HeldLine[]>([]);
  selected = $state(0);
  busy = $state(false);
  problem = $state<string | null>(null);
  private generation = 0;

  constructor(private readonly urql: Client) {}

  get current(): HeldLine | null {
    return this.lines[this.selected] ?? null;
  }

  /** Read the queue, then follow its changes until the returned function is called. */
  follow(sceneId: string): () => void {
    void this.reload(sceneId);
    const sub = this.urql.subscription(HeldLineChangedSubscription, { sceneId }).subscribe((result) => {
      if (result.data?.heldLineChanged) void this.reload(sceneId);
    });
    return () => sub.unsubscribe();
  }

  async reload(sceneId: string): Promise<void> {
    const n = ++this.generation;
    const result = await this.urql.query(HeldLinesQuery, { sceneId }, { requestPolicy: 'network-only' }).toPromise();
    if (n !== this.generation) return;
    const problem = problemOf(result.error);
    if (problem || !result.data) {
      this.problem = problem?.message ?? 'The queue could not be read.';
      return;
    }
    this.problem = null;
    const after = result.data.heldLines;
    this.selected = nextSelection(this.lines, after, this.selected);
    this.lines = after;
  }

  /** Move the selection down the queue (wrapping). */
  next(): void {
    if (this.lines.length > 0) this.selected = (this.selected + 1) % this.lines.length;
  }

  approve = (line: HeldLine | null = this.current) => this.decide(line, 'approve');
  reject = (line: HeldLine | null = this.current) => this.decide(line, 'reject');

  private async decide(line: HeldLine | null, what: 'approve' | 'reject'): Promise<void> {
    if (!line || this.busy) return;
    this.busy = true;
    try {
      const input = { messageId: line.message.id };
      const result =
        what === 'approve'
          ? await this.urql.mutation(ApproveHeldLineMutation, { input }).toPromise()
          : await this.urql.mutation(RejectHeldLineMutation, { input }).toPromise();
      const problem = problemOf(result.error);
      this.problem = problem ? problem.message : null;
      // Decided here or by someone else first: either way it leaves the queue; anything else keeps it.
      if (problem && !GONE.has(problem.code)) return;
      const after = this.lines.filter((l) => l.message.id !== line.message.id);
      this.selected = nextSelection(this.lines, after, this.selected);
      this.lines = after;
    } finally {
      this.busy = false;
    }
  }
}
