import { ArrayMaxSize, IsInt, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { LocalizedInput, LocalizedShortInput } from '../common/localized.js';
import { PageArgs } from '../common/pagination.js';
import { BlockType, CollectionAudience, CollectionStatus } from './collection.type.js';

/** More than this is a book, not a collection; it also bounds the document and its audit entries. */
export const MAX_BLOCKS = 200;
export const MAX_KEY = 400;

@InputType({ description: 'The whole lesson: it replaces the stored one' })
export class LessonInput {
  @Field(() => [LocalizedShortInput], { nullable: true, description: 'At least one to publish for schools' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  learningGoals?: LocalizedShortInput[];

  @Field(() => [LocalizedShortInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  discussionQuestions?: LocalizedShortInput[];

  @Field(() => String, { nullable: true, description: 'Required to publish for schools' })
  @IsOptional()
  @MaxLength(300)
  ageGuidance?: string | null;

  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(99) minimumAge?: number | null;

  @Field(() => [LocalizedShortInput], { nullable: true, description: 'May be empty' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  contentNotes?: LocalizedShortInput[];
}

@InputType({
  description:
    'One block; set only the fields of its type. text: text. clip: interviewId, start, end, caption. ' +
    'quote: text, attribution, interviewId and start (optional). image: imageKey, alt, caption.',
})
export class CollectionBlockInput {
  @Field(() => ID, { nullable: true, description: 'The id of an existing block, to keep it; leave out for a new one' })
  @IsOptional()
  id?: string | null;

  @Field(() => BlockType) type: BlockType;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'With the id of a stored block: remove it. The way to remove a block whose interview you may no longer see (a save that leaves it out keeps it); any other block may simply be left out',
  })
  @IsOptional()
  remove?: boolean | null;

  @Field(() => LocalizedInput, { nullable: true }) @IsOptional() @ValidateNested() text?: LocalizedInput | null;
  @Field(() => ID, { nullable: true }) @IsOptional() interviewId?: string | null;
  @Field(() => Float, { nullable: true }) @IsOptional() start?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() end?: number | null;
  @Field(() => LocalizedShortInput, { nullable: true }) @IsOptional() @ValidateNested() caption?: LocalizedShortInput | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(300) attribution?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(MAX_KEY) imageKey?: string | null;
  @Field(() => LocalizedShortInput, { nullable: true }) @IsOptional() @ValidateNested() alt?: LocalizedShortInput | null;
}

@InputType({ description: 'The fields a collection is made of; omitted fields stay as they are on update' })
export class CollectionFieldsInput {
  @Field(() => LocalizedShortInput, { nullable: true, description: 'In at least one language' })
  @IsOptional()
  @ValidateNested()
  title?: LocalizedShortInput | null;

  @Field(() => LocalizedInput, { nullable: true }) @IsOptional() @ValidateNested() intro?: LocalizedInput | null;
  @Field(() => CollectionAudience, { nullable: true }) @IsOptional() audience?: CollectionAudience | null;
  @Field(() => Boolean, { nullable: true, description: 'Shown on the home page; editors only' })
  @IsOptional()
  featured?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Storage key of the cover image; null removes it' })
  @IsOptional()
  @MaxLength(MAX_KEY)
  coverKey?: string | null;

  @Field(() => LessonInput, { nullable: true, description: 'Replaces the whole lesson; null removes it' })
  @IsOptional()
  @ValidateNested()
  lesson?: LessonInput | null;

  @Field(() => [CollectionBlockInput], {
    nullable: true,
    description: `The whole ordered list (at most ${MAX_BLOCKS}): reordering is sending the new order. A block whose interview you may not see is kept as stored: send its id to place it (its other fields are ignored), or leave it out to keep it where it was`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_BLOCKS)
  @ValidateNested({ each: true })
  blocks?: CollectionBlockInput[] | null;
}

@InputType({ description: 'A new collection always starts as a draft' })
export class CreateCollectionInput extends CollectionFieldsInput {
  @Field(() => String, { description: 'Unique; lower-case letters, digits and single hyphens' }) @MaxLength(100) slug: string;
}

@InputType()
export class UpdateCollectionInput extends CollectionFieldsInput {
  @Field(() => ID) id: string;
  @Field(() => Int) @IsInt() version: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) slug?: string | null;
}

@InputType()
export class CollectionFilter {
  @Field(() => CollectionAudience, { nullable: true }) @IsOptional() audience?: CollectionAudience;
  @Field(() => Boolean, { nullable: true }) @IsOptional() featured?: boolean;
  @Field(() => CollectionStatus, { nullable: true }) @IsOptional() status?: CollectionStatus;
  @Field(() => Boolean, { nullable: true, description: 'Only the ones I created' }) @IsOptional() mine?: boolean;
}

@ArgsType()
export class CollectionsArgs extends PageArgs {
  @Field(() => CollectionFilter, { nullable: true }) @IsOptional() @ValidateNested() filter?: CollectionFilter;
}
