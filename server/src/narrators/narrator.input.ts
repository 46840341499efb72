import { ArrayMaxSize, IsEmail, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { LONG_TEXT, LocalizedInput, LocalizedShortInput, SHORT_TEXT } from '../common/localized.js';
import { NARRATOR_ROLES, type NarratorRole as NarratorRoleValue } from './narrator.model.js';
import { NarratorRole } from './narrator.type.js';

export const MAX_NAMES = 30;
export const MAX_ETHNIC_GROUPS = 20;

@InputType()
export class NameVariantInput {
  @Field(() => String) @Length(1, 200) value: string;

  @Field(() => String, { nullable: true, description: 'ISO 15924: Cyrl, Latn, Hang, Arab …; left out, it is read from the first letter' })
  @IsOptional()
  @Matches(/^[A-Z][a-z]{3}$/, { message: 'must be an ISO 15924 script code such as Cyrl, Latn, Hang or Arab' })
  script?: string | null;

  @Field(() => String, { nullable: true, description: 'Language of the spelling: kk, ru, en, ko …' })
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'must be a language tag such as kk, ru, en or ko' })
  lang?: string | null;
}

@InputType({ description: 'Personal data: kept for staff, never shown to the public' })
export class NarratorContactInput {
  @Field(() => String, { nullable: true }) @MaxLength(50) phone?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(254) @IsEmail({}, { message: 'must be an e-mail address' }) email?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(SHORT_TEXT) address?: string | null;
}

@InputType()
export class CreateNarratorInput {
  @Field(() => [NameVariantInput], { description: 'At least one' }) @ArrayMaxSize(MAX_NAMES) @ValidateNested() names: NameVariantInput[];
  @Field(() => LocalizedShortInput, { description: 'In at least one language' }) @ValidateNested() displayName: LocalizedShortInput;
  @Field(() => Int, { nullable: true }) birthYear?: number | null;
  @Field(() => String, { nullable: true }) @MaxLength(SHORT_TEXT) birthPlace?: string | null;
  @Field(() => ID, { nullable: true, description: 'A place term' }) birthPlaceTermId?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(SHORT_TEXT) ethnicIdentity?: string | null;
  @Field(() => Boolean, { defaultValue: false, description: 'The narrator agreed that birth year, birthplace and ethnic identity be public' })
  detailsPublic: boolean;
  @Field(() => [ID], { defaultValue: [], description: 'ethnic_group terms' }) @ArrayMaxSize(MAX_ETHNIC_GROUPS) ethnicGroupIds: string[];
  @Field(() => [NarratorRole], { defaultValue: [] }) @ArrayMaxSize(NARRATOR_ROLES.length) roles: NarratorRoleValue[];
  @Field(() => LocalizedInput, { nullable: true }) @ValidateNested() biography?: LocalizedInput | null;
  @Field(() => NarratorContactInput, { nullable: true }) @ValidateNested() contact?: NarratorContactInput | null;
  @Field(() => String, { nullable: true }) @MaxLength(LONG_TEXT) notes?: string | null;
}

@InputType({
  description:
    'Omitted fields keep their value; given lists and texts replace the stored ones whole; null clears the optional fields',
})
export class UpdateNarratorInput {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version you read; a stale one gets CONFLICT' }) version: number;
  @Field(() => [NameVariantInput], { nullable: true }) @ArrayMaxSize(MAX_NAMES) @ValidateNested() names?: NameVariantInput[] | null;
  @Field(() => LocalizedShortInput, { nullable: true }) @ValidateNested() displayName?: LocalizedShortInput | null;
  @Field(() => Int, { nullable: true }) birthYear?: number | null;
  @Field(() => String, { nullable: true }) @MaxLength(SHORT_TEXT) birthPlace?: string | null;
  @Field(() => ID, { nullable: true }) birthPlaceTermId?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(SHORT_TEXT) ethnicIdentity?: string | null;
  @Field(() => Boolean, { nullable: true }) detailsPublic?: boolean | null;
  @Field(() => [ID], { nullable: true }) @ArrayMaxSize(MAX_ETHNIC_GROUPS) ethnicGroupIds?: string[] | null;
  @Field(() => [NarratorRole], { nullable: true }) @ArrayMaxSize(NARRATOR_ROLES.length) roles?: NarratorRoleValue[] | null;
  @Field(() => LocalizedInput, { nullable: true }) @ValidateNested() biography?: LocalizedInput | null;
  @Field(() => NarratorContactInput, { nullable: true }) @ValidateNested() contact?: NarratorContactInput | null;
  @Field(() => String, { nullable: true }) @MaxLength(LONG_TEXT) notes?: string | null;
}

@InputType()
export class NarratorsFilter {
  @Field(() => ID, { nullable: true }) ethnicGroupId?: string | null;
  @Field(() => NarratorRole, { nullable: true }) role?: NarratorRoleValue | null;

  @Field(() => String, { nullable: true, description: 'Part of any name variant or display name, any case' })
  @MaxLength(200)
  search?: string | null;
}
