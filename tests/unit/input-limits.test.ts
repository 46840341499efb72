import { describe, expect, it } from 'vitest';
import { inputSizeLimit } from '../../server/src/common/input-limits.js';
import { BadInputError } from '../../server/src/errors.js';

const limits = { textChars: 10, transcriptChars: 100 };

/** Runs the middleware as type-graphql would, for one field and its arguments; true when it let the call through. */
async function passes(fieldName: string, args: Record<string, unknown>): Promise<boolean> {
  let reached = false;
  const run = inputSizeLimit as unknown as (action: unknown, next: () => Promise<void>) => Promise<void>;
  await run({ args, info: { fieldName }, context: { config: { inputLimits: limits } } }, async () => {
    reached = true;
  });
  return reached;
}

describe('input size limit', () => {
  it('gives the transcript document its own limit only inside importTranscript.input', async () => {
    expect(await passes('importTranscript', { input: { content: 'x'.repeat(50) } })).toBe(true);
    await expect(passes('importTranscript', { input: { content: 'x'.repeat(101) } })).rejects.toThrow(/TRANSCRIPT_MAX_CHARS/);
  });

  it('keeps the text limit for an argument that is not the input object, whatever its name', async () => {
    await expect(passes('importTranscript', { content: 'x'.repeat(50) })).rejects.toThrow(BadInputError);
    await expect(passes('importTranscript', { content: 'x'.repeat(50) })).rejects.toThrow(/TEXT_INPUT_MAX_CHARS/);
  });

  it('names the path inside the input and lists by index', async () => {
    await expect(passes('setTags', { input: { labels: ['ok', 'x'.repeat(11)] } })).rejects.toMatchObject({ message: expect.stringContaining('labels.1') });
  });
});
