/**
 * The child process that runs whisper.cpp for one transcription (started by whisper-engine.ts, never
 * run by hand). It receives one request over IPC, answers with progress messages and one result or
 * error, and exits. Everything native happens here, so that in the worker process:
 * - an abort really stops the computation (the binding's own stop() only takes effect once
 *   whisper.cpp has finished the whole file; killing this process stops it now);
 * - a crash inside whisper.cpp or ggml (they abort() on some damaged inputs) fails one job instead
 *   of killing the worker and every job it holds;
 * - the model load, which the binding does synchronously, blocks nobody's event loop.
 */
import type { ChildMessage, ChildRequest } from './whisper-engine.js';

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function run(req: ChildRequest): Promise<number> {
  // Imported here, not at the top: a broken native install then becomes an error message.
  const { initWhisper } = await import('@fugood/whisper.node');
  let ctx: Awaited<ReturnType<typeof initWhisper>>;
  try {
    ctx = await initWhisper({ filePath: req.modelPath, useGpu: false });
  } catch (err) {
    await send({ type: 'error', phase: 'load', message: errorText(err) });
    return 1;
  }
  await send({ type: 'loaded' });
  try {
    const { promise } = ctx.transcribeFile(req.wavPath, {
      // 'auto' is whisper.cpp's own word for "detect"; an empty language would silently mean English.
      language: req.language,
      translate: false,
      ...(req.prompt ? { prompt: req.prompt } : {}),
      maxThreads: req.threads,
      onProgress: (pct: number) => void send({ type: 'progress', pct }),
    });
    const result = await promise;
    await send({
      type: 'result',
      language: result.language ?? '',
      segments: result.segments.map((s) => ({ t0: s.t0, t1: s.t1, text: s.text })),
    });
    return 0;
  } catch (err) {
    await send({ type: 'error', phase: 'transcribe', message: errorText(err) });
    return 1;
  } finally {
    await ctx.release().catch(() => undefined);
  }
}

// The worker went away (killed, crashed): stop at once rather than burn CPU for nobody.
process.on('disconnect', () => process.exit(2));
process.once('message', (req: ChildRequest) => {
  run(req).then(
    (code) => process.exit(code),
    async (err) => {
      await send({ type: 'error', phase: 'setup', message: errorText(err) });
      process.exit(1);
    },
  );
});
