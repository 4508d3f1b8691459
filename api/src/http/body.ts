import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Read a request body of at most `maxBytes` and hand it to yoga as `req.body`, which yoga's
 * Node adapter uses instead of the (now consumed) stream, as it does behind body parsers.
 * A declared or actual size over the limit gets 413 and the connection is closed, so the
 * rest of the upload is never read. Returns false when the response has been sent.
 */
export async function limitBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<boolean> {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return true;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(res, maxBytes);
  const body = await new Promise<Buffer | 'too-large' | 'aborted'>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Buffer | 'too-large' | 'aborted') => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause(); // Stop reading; the socket closes after the 413 is written.
        done('too-large');
      } else chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks, size));
    const onError = () => done('aborted');
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onError);
  });
  if (body === 'too-large') return tooLarge(res, maxBytes);
  if (body === 'aborted') {
    res.destroy();
    return false;
  }
  (req as IncomingMessage & { body?: Buffer }).body = body;
  return true;
}

function tooLarge(res: ServerResponse, maxBytes: number): false {
  const message = `Request body too large: at most ${maxBytes} bytes.`;
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_INPUT' } }] }), () => res.destroy());
  return false;
}
