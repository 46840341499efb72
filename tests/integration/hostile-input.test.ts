/**
 * Issue 14, availability: one anonymous request must not stop the archive. The import of a transcript
 * is refused before a byte of it is parsed, the parsers are linear (see tests/unit/formats/linear.test.ts),
 * and every text argument is bounded with an error that names the limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview } from '../support/factories.js';

let archive: TestArchive;
beforeAll(async () => {
  archive = await startTestArchive({ TEXT_INPUT_MAX_CHARS: '1000', TRANSCRIPT_MAX_CHARS: '400000' });
});
afterAll(async () => {
  await archive?.close();
});

const IMPORT = `mutation($input: ImportTranscriptInput!) { importTranscript(input: $input) { segmentCount segments { text } } }`;

/** 300 KB of SRT whose one text line is the input that made /\s+$/ run for 30 s. */
const PATHOLOGICAL_SRT = `1\n00:00:01,000 --> 00:00:04,000\n${' '.repeat(300_000)}x\n`;

describe('importTranscript under attack', () => {
  it('refuses the 300 KB pathological import of an anonymous client while {__typename} answers within 200 ms', async () => {
    const target = await storedInterview(archive, { title: 'Public interview' });
    // Warm: the first request of a process compiles the schema's code paths; that is not the import's cost.
    await archive.gql(IMPORT, { input: { interviewId: target, language: 'kk', format: 'srt', content: '1\n' } });
    await archive.gql('{ __typename }');
    const importing = archive.gql(IMPORT, { input: { interviewId: target, language: 'kk', format: 'srt', content: PATHOLOGICAL_SRT } });
    // Sent right after the import, on another connection: it must not queue behind the import's work.
    const started = performance.now();
    const typename = archive.gql('{ __typename }').then((r) => ({ r, ms: performance.now() - started }));
    const [imported, probe] = await Promise.all([importing, typename]);
    expect(probe.r.data).toEqual({ __typename: 'Query' });
    expect(probe.ms).toBeLessThan(200);
    expect(imported.data ?? null).toBeNull();
    expect(imported.errors?.[0]?.extensions?.code).toMatch(/^(UNAUTHENTICATED|FORBIDDEN|NOT_FOUND)$/);
    expect(await archive.db.models.Transcript.countDocuments({ interviewId: target })).toBe(0);
  });

  it('a researcher who may not edit the interview is refused before parsing (a malformed file gets no line error)', async () => {
    const target = await storedInterview(archive, { title: 'Someone else’s' });
    const { token } = await archive.userWithRoles([Role.researcher]);
    const res = await archive.gql(IMPORT, { input: { interviewId: target, language: 'kk', format: 'vtt', content: 'not a vtt file' } }, token);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.message).not.toMatch(/line 1|WEBVTT/);
  });

  it('an editor imports the same 300 KB file: the parser is linear, the long line is kept trimmed', async () => {
    const target = await storedInterview(archive, { title: 'Editor import' });
    const { token } = await archive.userWithRoles([Role.editor]);
    const res = await archive.gql(IMPORT, { input: { interviewId: target, language: 'kk', format: 'srt', content: PATHOLOGICAL_SRT } }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data?.importTranscript).toMatchObject({ segmentCount: 1, segments: [{ text: `${' '.repeat(300_000)}x`.trim() }] });
  });
});

describe('every text argument is bounded', () => {
  it('a transcript file over TRANSCRIPT_MAX_CHARS is refused with the limit, and nothing is stored', async () => {
    const target = await storedInterview(archive, { title: 'Too long' });
    const { token } = await archive.userWithRoles([Role.editor]);
    const content = `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n${'a'.repeat(400_001)}\n`;
    const res = await archive.gql(IMPORT, { input: { interviewId: target, language: 'kk', format: 'vtt', content } }, token);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
    expect(res.errors?.[0]?.message).toMatch(/the limit is 400000 \(TRANSCRIPT_MAX_CHARS\)/);
    expect(await archive.db.models.Transcript.countDocuments({ interviewId: target })).toBe(0);
  });

  it('a plain string argument and a string inside an input over TEXT_INPUT_MAX_CHARS are refused with the limit', async () => {
    const slug = await archive.gql('query($s: String!) { collectionBySlug(slug: $s) { id } }', { s: 'x'.repeat(1001) });
    expect(slug.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slug' });
    expect(slug.errors?.[0]?.message).toMatch(/1001 characters long; the limit is 1000 \(TEXT_INPUT_MAX_CHARS\)/);

    const inline = await archive.gql(`{ classLesson(token: "${'t'.repeat(1500)}") { __typename } }`);
    expect(inline.errors?.[0]?.message).toMatch(/token: is 1500 characters long; the limit is 1000/);

    const target = await storedInterview(archive, { title: 'Nested' });
    const nested = await archive.gql(IMPORT, {
      input: { interviewId: target, language: 'k'.repeat(2000), format: 'vtt', content: 'WEBVTT\n' },
    });
    expect(nested.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'language' });
  });
});
