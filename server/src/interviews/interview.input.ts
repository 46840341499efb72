import { ArrayMaxSize, IsIn, IsInt, IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { AccessLevel } from '../access/levels.js';
import { LocalizedInput, LocalizedShortInput } from '../common/localized.js';
import { PageArgs } from '../common/pagination.js';
import { WorkflowStatus } from './interview.type.js';

const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

@InputType()
export class InterviewerInput {
  @Field(() => String) @Length(1, 200) name: string;
}

@InputType({ description: 'The fields an interview is described by; omitted fields stay as they are on update' })
export class InterviewFieldsInput {
  @Field(() => LocalizedShortInput, { nullable: true }) @IsOptional() @ValidateNested()
  title?: LocalizedShortInput;
  @Field(() => LocalizedInput, { nullable: true }) @IsOptional() @ValidateNested()
  summary?: LocalizedInput;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(20) narratorIds?: string[];
  @Field(() => [InterviewerInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
 
  interviewers?: InterviewerInput[];
  @Field(() => Date, { nullable: true }) @IsOptional() recordedOn?: Date | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(300) place?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() placeTermId?: string | null;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @Matches(LANGUAGE, { each: true, message: 'must be language codes such as kk, ru, en, ug, ko' })
  languages?: string[];
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0) @Max(100 * 3600) durationSeconds?: number | null;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(200) tagIds?: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(300) device?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) provenanceNotes?: string | null;
}

@InputType()
export class CreateInterviewInput extends InterviewFieldsInput {
  @Field(() => AccessLevel, { defaultValue: AccessLevel.private, description: 'Editors change it later; public needs a release' })
  accessLevel: AccessLevel = AccessLevel.private;
}

@InputType()
export class UpdateInterviewInput extends InterviewFieldsInput {
  @Field(() => ID) id: string;
  @Field(() => Int) @IsInt() version: number;
}

@InputType()
export class SetReleaseInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => AccessLevel, {
    nullable: true,
    description: 'The most open access the signed release allows; required the first time. Fields left out keep their value, null clears',
  })
  @IsOptional()
  permits?: AccessLevel | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) restrictions?: string | null;
  @Field(() => Date, { nullable: true, description: 'The day the release was signed; not in the future' })
  @IsOptional()
  signedOn?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Closed to all but staff until this date' })
  @IsOptional()
  embargoUntil?: Date | null;
  @Field(() => String, { nullable: true, description: 'The key returned by requestReleaseUpload, once uploaded' })
  @IsOptional()
  @MaxLength(400)
  documentKey?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) documentName?: string | null;
}

@InputType()
export class SetAccessInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => AccessLevel) accessLevel: AccessLevel;
}

@InputType()
export class SetStatusInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => WorkflowStatus) status: WorkflowStatus;
}

@InputType()
export class WithdrawInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => String) @Length(1, 2000) reason: string;
}

@InputType()
export class IndexSegmentInput {
  @Field(() => Float) @Min(0) start: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0) end?: number | null;
  @Field(() => LocalizedShortInput) @ValidateNested() title: LocalizedShortInput;
  @Field(() => LocalizedInput, { nullable: true }) @IsOptional() @ValidateNested()
  synopsis?: LocalizedInput;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @MaxLength(100, { each: true })
  keywords?: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(50) subjectIds?: string[];
  @Field(() => ID, { nullable: true }) @IsOptional() placeTermId?: string | null;
  @Field(() => AccessLevel, { nullable: true }) @IsOptional() accessLevel?: AccessLevel | null;
}

@InputType()
export class SetIndexSegmentsInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => [IndexSegmentInput]) @ArrayMaxSize(500) @ValidateNested({ each: true })
  segments: IndexSegmentInput[];
}

@InputType()
export class InterviewFilter {
  @Field(() => [ID], { nullable: true, description: 'All of these tags' }) @IsOptional() @ArrayMaxSize(20) tagIds?: string[];
  @Field(() => ID, { nullable: true }) @IsOptional() narratorId?: string;
  @Field(() => WorkflowStatus, { nullable: true }) @IsOptional() status?: WorkflowStatus;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(LANGUAGE) language?: string;
  @Field(() => Date, { nullable: true }) @IsOptional() recordedFrom?: Date;
  @Field(() => Date, { nullable: true }) @IsOptional() recordedTo?: Date;
  @Field(() => Boolean, { nullable: true, description: 'Only the ones I created' }) @IsOptional() mine?: boolean;
}

@ArgsType()
export class InterviewsArgs extends PageArgs {
  @Field(() => InterviewFilter, { nullable: true }) @IsOptional() @ValidateNested()
  filter?: InterviewFilter;
}

export const RELEASE_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff'] as const;
export const MAX_RELEASE_BYTES = 50 * 1024 * 1024;

@InputType()
export class RequestReleaseUploadInput {
  @Field(() => ID) id: string;
  @Field(() => String) @Length(1, 200) fileName: string;
  @Field(() => String) @IsIn(RELEASE_TYPES as unknown as string[], { message: 'must be a PDF, PNG, JPEG or TIFF' })
  contentType: string;
  @Field(() => Int) @Min(1) @Max(MAX_RELEASE_BYTES, { message: 'must be at most 50 MB' }) size: number;
}
