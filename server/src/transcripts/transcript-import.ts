import { IsIn, Length } from 'class-validator';
import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { FormatError } from '../../../shared/formats/model.js';
import { parseOhmsXml, parseSrt, parseTimestampedText, parseVtt } from '../../../shared/formats/index.js';
import type { Context } from '../context.js';
import { BadInputError } from '../errors.js';
import { TranscriptSource } from './transcript.type.js';
import { Transcript } from './transcript.type.js';
import { show } from './transcript.resolver.js';

const FORMATS = ['vtt', 'srt', 'ohms', 'text'] as const;
type ImportFormat = (typeof FORMATS)[number];

@InputType({ description: 'A transcript file to import: WebVTT, SRT, OHMS XML, or text with [hh:mm:ss] marks' })
export class ImportTranscriptInput {
  @Field(() => ID) interviewId: string;
  @Field(() => String, { description: 'The language spoken: kk, ru, en …' }) @Length(2, 12) language: string;
  @Field(() => String, { description: 'vtt, srt, ohms or text' }) @IsIn(FORMATS as unknown as string[]) format: ImportFormat;
  // Its size is bounded by TRANSCRIPT_MAX_CHARS before the resolver runs (common/input-limits.ts).
  @Field(() => String) content: string;
}

function parse(format: ImportFormat, content: string) {
  switch (format) {
    case 'vtt':
      return parseVtt(content);
    case 'srt':
      return parseSrt(content, { speakerLabels: true });
    case 'ohms':
      return parseOhmsXml(content).segments;
    case 'text':
      return parseTimestampedText(content);
  }
}

@Resolver()
export class TranscriptImportResolver {
  @Mutation(() => Transcript, { description: 'Imports a transcript file; a malformed file is refused with the line to fix' })
  async importTranscript(@Arg('input', () => ImportTranscriptInput) input: ImportTranscriptInput, @Ctx() ctx: Context) {
    // Access first: nobody who may not add a transcript to this interview gets a byte parsed.
    await ctx.services.transcripts.requireCanAddTo(ctx.actor, input.interviewId, ctx.reads);
    let segments;
    try {
      segments = parse(input.format, input.content);
    } catch (err) {
      if (err instanceof FormatError) throw new BadInputError('content', err.message);
      throw err;
    }
    if (!segments.length) throw new BadInputError('content', 'the file holds no timed segments');
    const created = await ctx.services.transcripts.create(ctx.actor, {
      interviewId: input.interviewId,
      language: input.language,
      source: TranscriptSource.import,
      segments: segments.map((s) => ({ start: s.start, end: s.end, speaker: s.speaker ?? null, text: s.text })),
    }, ctx.reads);
    return show(created, ctx);
  }
}
