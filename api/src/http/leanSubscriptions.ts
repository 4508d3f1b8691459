import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import type { Container } from '../container.js';
import type { BroadcastHub } from '../graphql/broadcast.js';
import type { Context } from '../graphql/builder.js';
import { maskUnexpected } from '../graphql/errors.js';
import { mayTakeLeanPath } from '../graphql/trustedDocuments.js';
import { joinSceneEvents, planSceneEvents, type SceneEventsPlan } from './broadcastSubscribe.js';
import type { MessageInterceptor, SocketExtra } from './wsTransport.js';

type WsCtx = WsContext<Record<string, unknown>, SocketExtra>;

/** One subscription the interceptor holds: no graphql-ws operation, no iterator, no context. */
interface LeanSub {
  cancelled: boolean;
  /** Set once joined; leaving removes it from its group and counts the viewer out. */
  leave: (() => Promise<void>) | null;
}

/** A subscribe message the interceptor took over, between its arrival and its join. */
interface Operation {
  id: string;
  sub: LeanSub;
  /** The message as it arrived, to hand it to graphql-ws if the stock path must answer. */
  text: string;
  checked: { document: DocumentNode; schema: GraphQLSchema };
  plan: SceneEventsPlan;
  operationName: string | null | undefined;
  query: string;
}

/** What the interceptor keeps per socket (`extra.state`). */
export interface LeanState {
  /** graphql-ws's context of the socket (acknowledged, its own operations, connectionParams). */
  ctx: WsCtx;
  /** Lean subscriptions by id; null until the first one. */
  subs: Map<string, LeanSub> | null;
}

export interface LeanOptions {
  container: Container;
  hub: BroadcastHub;
  maxSubscriptions: number;
  /** A document by its text and persisted hash once yoga's own parse and validation passed it (limits included), else undefined. */
  checkedDocument(query: string, extensions: unknown): { document: DocumentNode; schema: GraphQLSchema } | undefined;
  /** The context an operation of this socket gets (roles are decided per operation, like HTTP). */
  contextFor(ctx: WsCtx): Promise<Context>;
  /** Counts each subscription taken over (operation metrics). */
  onLean(): void;
}

/** `{"id":…,"type":"complete"}` exactly as graphql-ws writes it. */
const completeFrame = (id: string) => JSON.stringify({ id, type: 'complete' });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function leanState(extra: SocketExtra): LeanState | null {
  return extra.state as LeanState | null;
}

/** Lean subscriptions open on a socket. */
export function leanCount(extra: SocketExtra): number {
  return leanState(extra)?.subs?.size ?? 0;
}

/**
 * Broadcast `sceneEvents` subscriptions kept as a few fields instead of a live graphql-ws
 * operation. graphql-ws keeps, for each subscription, the operation's execution arguments,
 * its context, an async iterator and the loop draining it; with thousands of idle viewers
 * that was most of what a viewer cost. The broadcast hub writes frames straight to the
 * socket, so none of that is needed: this interceptor takes a `subscribe` over when it is
 * certain the stock path would accept it (the socket is acknowledged, the message is well
 * formed, the document passed yoga's parse and validation before, the arguments coerce, the
 * operation limit is not reached) and answers the rest of the protocol for it (`complete`
 * both ways, errors). Everything else goes to graphql-ws untouched, and so does a subscribe
 * that turns out to need the stock path (an unknown scene, a refused credential): it is
 * handed over as if it had just arrived, so its answer is exactly graphql-ws's.
 */
export function createLeanSubscriptions(options: LeanOptions): MessageInterceptor {
  const { container, hub } = options;

  function stop(sub: LeanSub): void {
    sub.cancelled = true;
    sub.leave?.().catch((err: unknown) => container.logger.error({ err }, 'leaving the broadcast failed'));
  }

  async function start(extra: SocketExtra, state: LeanState, subs: Map<string, LeanSub>, op: Operation) {
    const { id, sub, text, checked, plan, operationName, query } = op;
    const handBack = () => {
      if (subs.get(id) !== sub) return;
      subs.delete(id);
      extra.forward(text);
    };
    try {
      const context = await options.contextFor(state.ctx);
      if (sub.cancelled) return;
      // A refused credential, an API key (its limit and counters live in envelop), an untrusted document: the stock path answers.
      if (!mayTakeLeanPath(context, checked.document)) return handBack();
      const membership = await joinSceneEvents(hub, plan, {
        container,
        role: context.role,
        schema: checked.schema,
        document: checked.document,
        operationName,
        query,
        id,
        sink: extra,
        cancel: sub,
      });
      if (!membership) return handBack();
      sub.leave = () => membership.leave();
      if (sub.cancelled) return void stop(sub);
      // The hub ended it (a failed catch-up; the error frame is out): graphql-ws would now send complete.
      void membership.ended.then(() => {
        if (subs.get(id) !== sub) return;
        subs.delete(id);
        extra.sendRaw(completeFrame(id));
      });
    } catch (err) {
      if (subs.get(id) !== sub) return;
      subs.delete(id);
      // As the stock path answers a failed broadcast subscribe: one masked error result, then complete.
      container.logger.error({ err }, 'broadcast subscribe failed');
      extra.sendRaw(JSON.stringify({ id, type: 'next', payload: { errors: [maskUnexpected(err)] } }));
      extra.sendRaw(completeFrame(id));
    }
  }

  return {
    message(extra, text) {
      // Only the two message types it may handle; the check is cheap, the parse is not.
      if (!text.includes('"subscribe"') && !text.includes('"complete"')) return false;
      const state = leanState(extra);
      if (!state?.ctx.acknowledged) return false;
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        return false;
      }
      if (!isRecord(message) || typeof message.id !== 'string' || message.id === '') return false;
      const { id } = message;
      if (message.type === 'complete') {
        const sub = state.subs?.get(id);
        if (!sub) return false;
        state.subs!.delete(id);
        stop(sub);
        return true;
      }
      if (message.type !== 'subscribe') return false;
      if (state.subs?.has(id)) {
        // graphql-ws's answer to a reused id, for the ids it does not know about.
        extra.socket.close(4409, `Subscriber for ${id} already exists`);
        return true;
      }
      const { payload } = message;
      if (!isRecord(payload) || typeof payload.query !== 'string') return false;
      const { variables, operationName, extensions } = payload;
      if (variables != null && !isRecord(variables)) return false;
      if (operationName != null && typeof operationName !== 'string') return false;
      if (extensions != null && !isRecord(extensions)) return false;
      if (id in state.ctx.subscriptions) return false;
      if ((state.subs?.size ?? 0) + Object.keys(state.ctx.subscriptions).length + 1 > options.maxSubscriptions) return false;
      const checked = options.checkedDocument(payload.query, extensions);
      const plan = checked && planSceneEvents(checked.schema, checked.document, operationName, variables);
      if (!checked || !plan) return false;
      const subs = (state.subs ??= new Map<string, LeanSub>());
      const sub: LeanSub = { cancelled: false, leave: null };
      subs.set(id, sub);
      options.onLean();
      void start(extra, state, subs, { id, sub, text, checked, plan, operationName, query: payload.query });
      return true;
    },
    closed(extra) {
      const state = leanState(extra);
      if (!state?.subs) return;
      for (const sub of state.subs.values()) stop(sub);
      state.subs.clear();
    },
  };
}
