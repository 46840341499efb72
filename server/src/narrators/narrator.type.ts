import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Actor } from '../access/actor.js';
import { canSeeNarratorDetails, canSeePersonalData } from '../access/policy.js';
import { LocalizedText, toLocalized } from '../common/localized.js';
import { Connection } from '../common/pagination.js';
import { NARRATOR_ROLES, type NarratorDoc, type NarratorRole as NarratorRoleValue } from './narrator.model.js';

/** The stored roles as a GraphQL enum; values equal the stored strings. */
export const NarratorRole = Object.fromEntries(NARRATOR_ROLES.map((r) => [r, r])) as { [K in NarratorRoleValue]: K };

registerEnumType(NarratorRole, {
  name: 'NarratorRole',
  description: 'Why the narrator was interviewed: veterans of the war and of labour, diaspora elders, public figures …',
});

@ObjectType({ description: 'One spelling of the name, in one script' })
export class NameVariant {
  @Field(() => String) value: string;
  @Field(() => String, { nullable: true, description: 'ISO 15924: Cyrl, Latn, Hang, Arab …' }) script: string | null;
  @Field(() => String, { nullable: true, description: 'Language of the spelling: kk, ru, en, ko …' }) lang: string | null;
}

@ObjectType({ description: 'Personal data: staff only' })
export class NarratorContact {
  @Field(() => String, { nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => String, { nullable: true }) address: string | null;
}

@ObjectType({ description: 'A person who gave testimony. Contact and notes are shown to staff only.' })
export class Narrator {
  @Field(() => ID) id: string;
  @Field(() => [NameVariant], { description: 'The name in every script and spelling used' }) names: NameVariant[];
  @Field(() => LocalizedText, { description: 'The preferred name per interface language' }) displayName: LocalizedText;
  @Field(() => Int, { nullable: true, description: 'Null for the public unless detailsPublic' }) birthYear: number | null;
  @Field(() => String, { nullable: true, description: 'Null for the public unless detailsPublic' }) birthPlace: string | null;
  @Field(() => String, { nullable: true, description: 'In the narrator’s own words; null for the public unless detailsPublic' })
  ethnicIdentity: string | null;
  @Field(() => Boolean, { description: 'The narrator agreed that birth year, birthplace and ethnic identity be public' })
  detailsPublic: boolean;
  @Field(() => [NarratorRole]) roles: NarratorRoleValue[];
  @Field(() => LocalizedText) biography: LocalizedText;
  @Field(() => Boolean) hasPortrait: boolean;
  @Field(() => NarratorContact, { nullable: true, description: 'Staff only; null for everyone else' })
  contact: NarratorContact | null;

  @Field(() => String, { nullable: true, description: 'Staff only; null for everyone else' }) notes: string | null;
  @Field(() => Int) version: number;
  /** Read by the ethnicGroups and birthPlaceTerm field resolvers through the term loader. */
  ethnicGroupIds: string[];
  birthPlaceTermId: string | null;
}

/**
 * The one place a narrator document becomes API output: personal data is copied only for viewers
 * the policy clears, so a new resolver cannot leak it by forgetting a check.
 */
export function toNarrator(doc: NarratorDoc, actor: Actor): Narrator {
  const personal = canSeePersonalData(actor);
  const details = canSeeNarratorDetails(actor, doc);
  return {
    id: doc._id.toHexString(),
    names: (doc.names ?? []).map((n) => ({ value: n.value, script: n.script ?? null, lang: n.lang ?? null })),
    displayName: toLocalized(doc.displayName),
    birthYear: details ? (doc.birthYear ?? null) : null,
    birthPlace: details ? (doc.birthPlace ?? null) : null,
    ethnicIdentity: details ? (doc.ethnicIdentity ?? null) : null,
    detailsPublic: doc.detailsPublic === true,
    roles: doc.roles ?? [],
    biography: toLocalized(doc.biography),
    hasPortrait: Boolean(doc.portraitKey),
    contact:
      personal && doc.contact
        ? { phone: doc.contact.phone ?? null, email: doc.contact.email ?? null, address: doc.contact.address ?? null }
        : null,
    notes: personal ? (doc.notes ?? null) : null,
    version: doc.version,
    ethnicGroupIds: (doc.ethnicGroupIds ?? []).map((id) => id.toHexString()),
    birthPlaceTermId: details && doc.birthPlaceTermId ? doc.birthPlaceTermId.toHexString() : null,
  };
}

@ObjectType()
export class NarratorConnection extends Connection(Narrator) {}
