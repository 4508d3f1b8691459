import { pino } from 'pino';
import { createLlm } from '../../src/adapters/llm/index.js';
import { loadConfig } from '../../src/config.js';
import type { Llm, TurnContext } from '../../src/ports/llm.js';
import type { MemoryContext, ReflectionContext } from '../../src/ports/memory.js';

/** One model call as the recorder saw it, in call order. */
export type RecordedCall =
  { kind: 'turn'; context: TurnContext } | { kind: 'memories'; context: MemoryContext } | { kind: 'reflect'; context: ReflectionContext };

/**
 * The offline scripted model, recording every context it was asked to write for. With
 * `memories`, characters also remember (the scripted memory writer and reflections), and
 * those calls are recorded too; `calls` holds every call in order.
 */
export function recordingLlm(options: { memories?: boolean } = {}) {
  const inner = createLlm(loadConfig({}).llm, pino({ level: 'silent' }));
  const contexts: TurnContext[] = [];
  const calls: RecordedCall[] = [];
  const llm: Llm = {
    defaultModel: inner.defaultModel,
    generateTurn(context, signal) {
      contexts.push(context);
      calls.push({ kind: 'turn', context });
      return inner.generateTurn(context, signal);
    },
  };
  if (options.memories) {
    llm.writeMemories = (context, signal) => {
      calls.push({ kind: 'memories', context });
      return inner.writeMemories!(context, signal);
    };
    llm.reflect = (context, signal) => {
      calls.push({ kind: 'reflect', context });
      return inner.reflect!(context, signal);
    };
  }
  return { llm, contexts, calls, callsFor: (sceneName: string) => contexts.filter((c) => c.scene.name === sceneName).length };
}
