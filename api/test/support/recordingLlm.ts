import { pino } from 'pino';
import { createLlm } from '../../src/adapters/llm/index.js';
import { loadConfig } from '../../src/config.js';
import type { Llm, TurnContext } from '../../src/ports/llm.js';

/** The offline scripted model, recording every context it was asked to write for. */
export function recordingLlm() {
  const inner = createLlm(loadConfig({}).llm, pino({ level: 'silent' }));
  const contexts: TurnContext[] = [];
  const llm: Llm = {
    defaultModel: inner.defaultModel,
    generateTurn(context, signal) {
      contexts.push(context);
      return inner.generateTurn(context, signal);
    },
  };
  return { llm, contexts, callsFor: (sceneName: string) => contexts.filter((c) => c.scene.name === sceneName).length };
}
