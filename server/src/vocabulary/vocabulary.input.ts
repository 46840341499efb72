import { ArrayMaxSize, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { LocalizedShortInput, SHORT_TEXT } from '../common/localized.js';
import { PageArgs } from '../common/pagination.js';
import type { TermKind as TermKindValue } from './vocabulary.model.js';
import { TermKind } from './vocabulary.type.js';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_RULE = 'must be a slug: lower-case Latin letters and digits joined by single hyphens, e.g. deportation-1937';
export const MAX_KEY = 100;
export const MAX_ALT_LABELS = 50;
/** Wide enough for antiquity (the Saka kurgans) and for the years ahead. */
const MIN_YEAR = -5000;
const MAX_YEAR = 2200;

@InputType()
export class CreateVocabularyTermInput {
  @Field(() => TermKind, { description: 'Fixed once created: tags, narrators and narrower terms rely on it' })
  kind: TermKindValue;

  @Field(() => String) @MaxLength(MAX_KEY) @Matches(SLUG, { message: SLUG_RULE }) key: string;
  @Field(() => LocalizedShortInput) @ValidateNested() labels: LocalizedShortInput;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(MAX_ALT_LABELS)
  @MaxLength(SHORT_TEXT, { each: true })
  altLabels: string[];

  @Field(() => ID, { nullable: true, description: 'A broader term of the same kind' }) parentId?: string | null;
  @Field(() => Int, { nullable: true, description: 'Eras only, required for them' })
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  startYear?: number | null;

  @Field(() => Int, { nullable: true, description: 'Eras only; null for one still going on' })
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  endYear?: number | null;

  @Field(() => Float, { nullable: true, description: 'Places only, with longitude' }) @Min(-90) @Max(90) latitude?: number | null;
  @Field(() => Float, { nullable: true, description: 'Places only, with latitude' }) @Min(-180) @Max(180) longitude?: number | null;
}

@InputType({
  description: 'Omitted fields keep their value; labels and altLabels replace the stored ones whole; null clears parentId, years and coordinates',
})
export class UpdateVocabularyTermInput {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version you read; a stale one gets CONFLICT' }) version: number;
  @Field(() => String, { nullable: true }) @MaxLength(MAX_KEY) @Matches(SLUG, { message: SLUG_RULE }) key?: string | null;
  @Field(() => LocalizedShortInput, { nullable: true }) @ValidateNested() labels?: LocalizedShortInput | null;

  @Field(() => [String], { nullable: true })
  @ArrayMaxSize(MAX_ALT_LABELS)
  @MaxLength(SHORT_TEXT, { each: true })
  altLabels?: string[] | null;

  @Field(() => ID, { nullable: true }) parentId?: string | null;
  @Field(() => Int, { nullable: true }) @Min(MIN_YEAR) @Max(MAX_YEAR) startYear?: number | null;
  @Field(() => Int, { nullable: true }) @Min(MIN_YEAR) @Max(MAX_YEAR) endYear?: number | null;
  @Field(() => Float, { nullable: true }) @Min(-90) @Max(90) latitude?: number | null;
  @Field(() => Float, { nullable: true }) @Min(-180) @Max(180) longitude?: number | null;
}

@ArgsType()
export class VocabularyTermsArgs extends PageArgs {
  @Field(() => TermKind, { nullable: true }) kind?: TermKindValue | null;

  @Field(() => String, { nullable: true, description: 'Part of a label or other spelling, any case' })
  @MaxLength(200)
  search?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The terms this names: its key, or any label or other spelling in any script, folded as search folds it (Казахи, Qazaqtar, Kazakhs)',
  })
  @MaxLength(SHORT_TEXT)
  label?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the narrower terms of this one' }) parentId?: string | null;
}
