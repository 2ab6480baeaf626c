import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export interface BodyLimits {
  /** Cap on decoded bytes; counted on the stream so a gzip bomb stops as soon as it passes the cap. */
  readonly maxBytes: number;
  /** Below this average over one window the transfer is abandoned (slow-loris style trickling). */
  readonly minBytesPerSecond: number;
  readonly rateWindowMs: number;
  readonly signal: AbortSignal;
}

/** Why reading stopped early; the caller turns it into a PlacewatchError with feed context. */
export class BodyLimitError extends Error {
  constructor(
    readonly reason: 'too-large' | 'too-slow' | 'decode',
    message: string,
  ) {
    super(message);
    this.name = 'BodyLimitError';
  }
}

function decoderFor(encoding: string): Transform | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return null;
  }
}

/** Decoders for a Content-Encoding header, outermost coding last in the header, so applied in reverse. */
function decodersFor(contentEncoding: string | undefined): Transform[] {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  return codings.reverse().map((coding) => {
    const decoder = decoderFor(coding);
    if (!decoder) throw new BodyLimitError('decode', `unsupported Content-Encoding "${coding}"`);
    return decoder;
  });
}

/** A pass-through that counts wire bytes and fails the pipeline when the rate stays too low. */
function rateMeter(limits: BodyLimits, wireCap: number, stop: (error: BodyLimitError) => BodyLimitError): Transform {
  let total = 0;
  let inWindow = 0;
  const minPerWindow = (limits.minBytesPerSecond * limits.rateWindowMs) / 1000;
  const meter: Transform = new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      inWindow += chunk.length;
      // Compressed bytes can only be fewer than decoded ones, so this also bounds what we buffer.
      if (total > wireCap) return done(stop(new BodyLimitError('too-large', `body exceeds ${wireCap} bytes on the wire`)));
      done(null, chunk);
    },
    flush(done) {
      clearInterval(timer);
      done();
    },
    destroy(error, done) {
      clearInterval(timer);
      done(error);
    },
  });
  const timer = setInterval(() => {
    if (inWindow < minPerWindow) {
      meter.destroy(stop(new BodyLimitError('too-slow', `transfer below ${limits.minBytesPerSecond} B/s over ${limits.rateWindowMs} ms`)));
    }
    inWindow = 0;
  }, limits.rateWindowMs);
  timer.unref();
  return meter;
}

/**
 * Reads a response body through its Content-Encoding decoders, holding at most `maxBytes` decoded
 * bytes; destroying the pipeline on any limit also aborts the underlying request.
 */
export async function readCappedBody(body: Readable, contentEncoding: string | undefined, limits: BodyLimits): Promise<Buffer> {
  const decoders = decodersFor(contentEncoding);
  const chunks: Buffer[] = [];
  let decoded = 0;
  // pipeline may reject with a secondary AbortError from the teardown; remember the real cause.
  let stopped: BodyLimitError | null = null;
  const stop = (error: BodyLimitError): BodyLimitError => (stopped ??= error);
  const sink = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) {
      decoded += chunk.length;
      if (decoded > limits.maxBytes) throw stop(new BodyLimitError('too-large', `body exceeds ${limits.maxBytes} decoded bytes`));
      chunks.push(chunk);
    }
  };
  try {
    // The decoder count varies, so use the array form (its typings only cover fixed arities).
    const run = pipeline as unknown as (streams: unknown[], options: { signal: AbortSignal }) => Promise<void>;
    await run([body, rateMeter(limits, limits.maxBytes, stop), ...decoders, sink], { signal: limits.signal });
  } catch (error) {
    if (stopped) throw stopped;
    if (error instanceof BodyLimitError) throw error;
    if (isZlibError(error)) throw new BodyLimitError('decode', `cannot decode body: ${(error as Error).message}`);
    throw error;
  }
  return Buffer.concat(chunks, decoded);
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
