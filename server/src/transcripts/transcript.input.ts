import { ArrayMaxSize, ArrayMinSize, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { AccessLevel } from '../access/levels.js';
import { MAX_SEGMENTS } from './transcript-changes.js';
import { TranscriptSource } from './transcript.type.js';

/*
 * Times, order, overlap, text length and language are checked by the service (transcript-changes.ts),
 * not here: those rules need the stored segments, and the service names the offending field the way
 * an editor reads it (`changes[2].end`). The decorators here only bound the size of a request.
 */

const MAX_CHANGES = 2_000;

@InputType()
export class TranscriptSegmentInput {
  @Field(() => Float, { description: 'Seconds from the start of the recording' }) start: number;
  @Field(() => Float) end: number;
  @Field(() => String, { nullable: true }) speaker?: string | null;
  @Field(() => String) text: string;
  @Field(() => AccessLevel, { nullable: true, description: 'Restrict this passage; null = as the interview' })
  accessLevel?: AccessLevel | null;
}

@InputType()
export class CreateTranscriptInput {
  @Field(() => ID) interviewId: string;
  @Field(() => String, { description: 'The language spoken: kk, ru, ug, ko …' }) language: string;
  @Field(() => TranscriptSource, { defaultValue: TranscriptSource.manual, description: 'manual or import' })
  source: TranscriptSource = TranscriptSource.manual;
  @Field(() => [TranscriptSegmentInput])
  @ArrayMaxSize(MAX_SEGMENTS)
  @ValidateNested({ each: true })
  segments: TranscriptSegmentInput[];
}

@InputType({ description: 'One change: without segmentId a new segment; omitted fields stay as they are' })
export class SegmentChangeInput {
  @Field(() => ID, { nullable: true }) segmentId?: string | null;
  @Field(() => Float, { nullable: true }) start?: number | null;
  @Field(() => Float, { nullable: true }) end?: number | null;
  @Field(() => String, { nullable: true, description: 'null clears it' }) speaker?: string | null;
  @Field(() => String, { nullable: true }) text?: string | null;
  @Field(() => AccessLevel, { nullable: true, description: 'null = as the interview; loosening is for editors' })
  accessLevel?: AccessLevel | null;
  @Field(() => Boolean, { nullable: true, description: 'Delete the segment' }) delete?: boolean | null;
}

@InputType()
export class EditTranscriptInput {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version the edit was made on' }) version: number;
  @Field(() => [SegmentChangeInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CHANGES)
  @ValidateNested({ each: true })
  changes: SegmentChangeInput[];
  @Field(() => String, { nullable: true, description: 'What was changed and why, for the history' })
  @IsOptional()
  @MaxLength(500)
  summary?: string | null;
}

@ArgsType()
export class SplitSegmentArgs {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => ID) segmentId: string;
  @Field(() => Float, { description: 'Seconds from the start of the recording, inside the segment' }) at: number;
  @Field(() => String) textBefore: string;
  @Field(() => String) textAfter: string;
}

@ArgsType()
export class MergeSegmentsArgs {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => ID) firstSegmentId: string;
  @Field(() => ID, { description: 'The segment right after the first' }) secondSegmentId: string;
}
