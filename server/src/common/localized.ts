import { MaxLength } from 'class-validator';
import { Schema } from 'mongoose';
import { Field, InputType, ObjectType } from 'type-graphql';

export const UI_LANGUAGES = ['kk', 'ru', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** A text in the interface languages; any may be missing and is shown with fallback. */
export interface Localized {
  kk?: string | null;
  ru?: string | null;
  en?: string | null;
}

export const localizedSchema = new Schema<Localized>(
  { kk: { type: String, trim: true }, ru: { type: String, trim: true }, en: { type: String, trim: true } },
  { _id: false },
);

@ObjectType({ description: 'A text in Kazakh, Russian and English; a missing language falls back to another' })
export class LocalizedText {
  @Field(() => String, { nullable: true }) kk?: string | null;
  @Field(() => String, { nullable: true }) ru?: string | null;
  @Field(() => String, { nullable: true }) en?: string | null;
}

export const SHORT_TEXT = 500;
export const LONG_TEXT = 20_000;

@InputType()
export class LocalizedInput {
  @Field(() => String, { nullable: true }) @MaxLength(LONG_TEXT) kk?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(LONG_TEXT) ru?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(LONG_TEXT) en?: string | null;
}

@InputType()
export class LocalizedShortInput {
  @Field(() => String, { nullable: true }) @MaxLength(SHORT_TEXT) kk?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(SHORT_TEXT) ru?: string | null;
  @Field(() => String, { nullable: true }) @MaxLength(SHORT_TEXT) en?: string | null;
}

export const toLocalized = (value?: Localized | null): LocalizedText => ({
  kk: value?.kk ?? null,
  ru: value?.ru ?? null,
  en: value?.en ?? null,
});

/** The text in the wanted language, else the first language that has one. */
export function pickLocalized(value: Localized | null | undefined, lang: UiLanguage): string | undefined {
  if (!value) return undefined;
  const order = [lang, ...UI_LANGUAGES.filter((l) => l !== lang)];
  for (const l of order) if (value[l]) return value[l] ?? undefined;
  return undefined;
}

export const hasAnyText = (value?: Localized | null) => UI_LANGUAGES.some((l) => Boolean(value?.[l]?.trim()));
