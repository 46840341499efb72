import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../common/pagination.js';
import { LocalizedText, toLocalized } from '../common/localized.js';
import { TERM_KINDS, type TermKind as TermKindValue, type VocabularyTermDoc } from './vocabulary.model.js';

/** The stored kinds as a GraphQL enum; values equal the stored strings, so no mapping is needed. */
export const TermKind = Object.fromEntries(TERM_KINDS.map((k) => [k, k])) as { [K in TermKindValue]: K };

registerEnumType(TermKind, {
  name: 'TermKind',
  description: 'ethnic_group, era (with years), place (with coordinates) or topic',
});

@ObjectType({ description: 'A term of the controlled vocabulary: public, shown with fallback between languages' })
export class VocabularyTerm {
  @Field(() => ID) id: string;
  @Field(() => TermKind) kind: TermKindValue;
  @Field(() => String, { description: 'Stable slug, e.g. koreans, deportation-1937' }) key: string;
  @Field(() => LocalizedText) labels: LocalizedText;
  @Field(() => [String], { description: 'Other spellings and scripts: Qazaq, Казах, Алма-Ата …' }) altLabels: string[];
  @Field(() => Int, { nullable: true, description: 'Eras only' }) startYear: number | null;
  @Field(() => Int, { nullable: true, description: 'Eras only; null for an era still going on' }) endYear: number | null;
  @Field(() => Float, { nullable: true, description: 'Places only' }) latitude: number | null;
  @Field(() => Float, { nullable: true, description: 'Places only' }) longitude: number | null;
  @Field(() => Int) version: number;
  /** Read by the `parent` field resolver through the term loader. */
  parentId: string | null;
}

export const toVocabularyTerm = (doc: VocabularyTermDoc): VocabularyTerm => ({
  id: doc._id.toHexString(),
  kind: doc.kind,
  key: doc.key,
  labels: toLocalized(doc.labels),
  altLabels: doc.altLabels ?? [],
  startYear: doc.startYear ?? null,
  endYear: doc.endYear ?? null,
  latitude: doc.latitude ?? null,
  longitude: doc.longitude ?? null,
  version: doc.version,
  parentId: doc.parentId ? doc.parentId.toHexString() : null,
});

@ObjectType()
export class VocabularyTermConnection extends Connection(VocabularyTerm) {}
