import type { JobHandler } from '../../ports/jobQueue.js';
import type { Llm } from '../../ports/llm.js';
import { context } from '@opentelemetry/api';
import { insideJob, jobTraceContext } from './jobContext.js';
import { recordWait, withSpan } from './tracing.js';

/**
 * Spans around the ports a turn goes through. Each wrapper is transparent: same results,
 * same errors; with tracing off the spans are no-ops.
 */

/**
 * One span per scene job: `turn` for a model turn, `scene-step <name>` for the others, with the
 * queue wait inside. It is a child of the span that scheduled the job from outside a job (the
 * job's `traceparent`) and links to the job that scheduled it (`tracelink`).
 */
export function tracedJobHandler(handler: JobHandler): JobHandler {
  return (job) => {
    const { parent, links } = jobTraceContext(job.data);
    return context.with(parent, () =>
      withSpan(
        job.name === 'turn' ? 'turn' : `scene-step ${job.name}`,
        {
          'pixeltales.scene.id': job.data.sceneId,
          'pixeltales.epoch': job.data.epoch,
          'pixeltales.turn': job.data.turn,
          'pixeltales.job.attempt': job.attemptsMade + 1,
        },
        async () => {
          // Only the first attempt's wait is the queue's: a retry's start is its back-off.
          if (job.readyAt !== undefined && job.attemptsMade === 0) recordWait('queue wait', job.readyAt, { 'pixeltales.job.id': job.id });
          await insideJob(() => handler(job));
        },
        links,
      ),
    );
  };
}

/** A `model call` span per turn the model writes, with the model, tokens and whether a fallback line was used. */
export function tracedLlm(llm: Llm): Llm {
  return {
    get defaultModel() {
      return llm.defaultModel;
    },
    ...(llm.writeMemories ? { writeMemories: llm.writeMemories.bind(llm) } : {}),
    ...(llm.reflect ? { reflect: llm.reflect.bind(llm) } : {}),
    generateTurn: (turnContext, signal) =>
      withSpan(
        'model call',
        { 'pixeltales.turn': turnContext.turn, 'gen_ai.request.model': turnContext.speaker.model ?? llm.defaultModel },
        async (span) => {
          const result = await llm.generateTurn(turnContext, signal);
          span.setAttributes({
            'gen_ai.response.model': result.model,
            'gen_ai.usage.input_tokens': result.promptTokens,
            'gen_ai.usage.output_tokens': result.completionTokens,
            'pixeltales.fallback': result.fallback,
          });
          return result;
        },
      ),
  };
}
