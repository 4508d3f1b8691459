import { context, createContextKey, propagation, ROOT_CONTEXT, trace, type Context, type Link } from '@opentelemetry/api';
import type { JobQueue, SceneJobData } from '../../ports/jobQueue.js';

/**
 * W3C trace context inside scene jobs, so a turn joins the trace of whatever scheduled it,
 * in whichever process runs it (API mutation → BullMQ job → worker). Off, the global
 * propagator is a no-op and nothing is added to the job data.
 */

/** Set while a scene job runs: what it schedules is linked to it, not parented. */
const IN_JOB = createContextKey('pixeltales.scene-job');

/** The `traceparent` of the active span, if there is one. */
function activeTraceparent(): string | undefined {
  if (!trace.getActiveSpan()) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** `data` with the active span's trace context: a parent from outside a job, a link from inside one. */
export function withTraceContext(data: SceneJobData): SceneJobData {
  // Whatever context `data` carried was its producer's producer's; only the active one counts.
  const { traceparent: _parent, tracelink: _link, ...plain } = data;
  const traceparent = activeTraceparent();
  if (!traceparent) return plain;
  return context.active().getValue(IN_JOB) ? { ...plain, tracelink: traceparent } : { ...plain, traceparent };
}

/**
 * The parent context and links a job's span starts with, read back from its data. Only from
 * its data: the in-process queue runs jobs in the async context of whatever added them or ran
 * before, which must not nest them, so both queues give the same traces.
 */
export function jobTraceContext(data: SceneJobData): { parent: Context; links: Link[] } {
  const parent = data.traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent: data.traceparent }) : ROOT_CONTEXT;
  const linked = data.tracelink ? trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent: data.tracelink })) : undefined;
  return { parent, links: linked ? [{ context: linked }] : [] };
}

/** Run `fn` marked as inside a scene job (see {@link withTraceContext}). */
export function insideJob<T>(fn: () => Promise<T>): Promise<T> {
  return context.with(context.active().setValue(IN_JOB, true), fn);
}

/** The queue with every added job carrying the trace context of its producer. */
export function tracedJobQueue(queue: JobQueue): JobQueue {
  return {
    get kind() {
      return queue.kind;
    },
    add: (name, data, options) => queue.add(name, withTraceContext(data), options),
    process: (handler) => queue.process(handler),
    depth: () => queue.depth(),
    pause: () => queue.pause(),
    resume: () => queue.resume(),
    stop: () => queue.stop(),
  };
}
