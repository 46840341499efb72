import type { Types } from 'mongoose';
import { scriptOf } from '../../../shared/scripts.js';
import type { Actor } from '../access/actor.js';
import { canEditNarrators, canPublish, narratorVisibilityFilter, requireSignedIn, requireThat } from '../access/policy.js';
import { type AuditService, changedFields } from '../audit/audit.service.js';
import { updateVersioned } from '../common/concurrency.js';
import { toObjectId, toObjectIds } from '../common/ids.js';
import { UI_LANGUAGES, hasAnyText } from '../common/localized.js';
import type { PageArgs, Page } from '../common/pagination.js';
import type { Models } from '../db/models.js';
import { createReads, type Reads } from '../db/reads.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { cleanLocalized, cleanText, containsIgnoringCase, keepOrClear as keep } from '../common/text.js';
import type { VocabularyService } from '../vocabulary/vocabulary.service.js';
import type { CreateNarratorInput, NarratorsFilter, UpdateNarratorInput } from './narrator.input.js';
import type { NarratorDoc } from './narrator.model.js';

const WHAT = 'Narrator';
/** Oldest plausible narrator: a veteran of the 1870s settlement of Verny would be remembered, not interviewed. */
export const MIN_BIRTH_YEAR = 1850;
const NARRATOR_FIELDS = [
  'names', 'displayName', 'birthYear', 'birthPlace', 'birthPlaceTermId', 'ethnicIdentity', 'detailsPublic',
  'ethnicGroupIds', 'roles', 'biography', 'contact', 'notes',
] as const;
const PERSONAL_FIELDS = ['contact', 'notes'] as const;

/** What a narrator stores apart from bookkeeping: checked as a whole before any write. */
type NarratorState = Pick<NarratorDoc, 'displayName' | 'ethnicGroupIds' | 'roles' | 'biography'> & {
  /** A name's script may be left to `scriptOf`; the checked state always has it. */
  names: { value: string; script?: string | null; lang?: string | null }[];
  birthYear: number | null;
  birthPlace: string | null;
  birthPlaceTermId: Types.ObjectId | null;
  ethnicIdentity: string | null;
  detailsPublic: boolean;
  contact: NarratorDoc['contact'];
  notes: string | null;
};
type CheckedState = Omit<NarratorState, 'names'> & Pick<NarratorDoc, 'names'>;

/**
 * The audit trail records that personal data changed, not the data: contact details should live in
 * one place, where they can be corrected or erased when a narrator asks.
 */
function withoutPersonalValues(change: { before: Record<string, unknown>; after: Record<string, unknown> }) {
  for (const side of [change.before, change.after]) {
    for (const field of PERSONAL_FIELDS) if (side[field] != null) side[field] = '(personal data)';
  }
  return change;
}

const uniqueIds = (ids: readonly Types.ObjectId[]) => [...new Map(ids.map((id) => [id.toHexString(), id])).values()];

export class NarratorService {
  constructor(
    private readonly models: Models,
    private readonly audit: AuditService,
    private readonly vocabulary: VocabularyService,
  ) {}

  /** A narrator the viewer may not see is NOT_FOUND, exactly like one that does not exist. */
  async get(actor: Actor, id: string, reads: Reads = createReads(this.models), now = new Date()): Promise<NarratorDoc> {
    const _id = toObjectId('id', id);
    const narrator = await reads.narrators.first({ $and: [await this.visibility(actor, reads, now), { _id }] });
    if (!narrator) throw new NotFoundError(WHAT);
    return narrator;
  }

  async list(actor: Actor, filter: NarratorsFilter | null | undefined, page: PageArgs, reads: Reads = createReads(this.models), now = new Date()): Promise<Page<NarratorDoc>> {
    const conditions: Record<string, unknown>[] = [await this.visibility(actor, reads, now)];
    if (filter?.ethnicGroupId) conditions.push({ ethnicGroupIds: toObjectId('filter.ethnicGroupId', filter.ethnicGroupId) });
    if (filter?.role) conditions.push({ roles: filter.role });
    if (filter?.search?.trim()) {
      const pattern = containsIgnoringCase(filter.search);
      conditions.push({ $or: [{ 'names.value': pattern }, ...UI_LANGUAGES.map((l) => ({ [`displayName.${l}`]: pattern }))] });
    }
    return reads.narrators.page({ $and: conditions }, page);
  }

  async create(actor: Actor, input: CreateNarratorInput, reads: Reads = createReads(this.models), now = new Date()): Promise<NarratorDoc> {
    requireThat(actor, canEditNarrators(actor), 'Only staff may add narrators');
    requireSignedIn(actor);
    // Showing a living person's details to everyone loosens access: an editor's act.
    if (input.detailsPublic) requireThat(actor, canPublish(actor), 'detailsPublic: only editors open a narrator’s details to the public');
    const state = await this.checked(
      {
        names: input.names,
        displayName: input.displayName,
        birthYear: input.birthYear ?? null,
        birthPlace: input.birthPlace ?? null,
        birthPlaceTermId: input.birthPlaceTermId == null ? null : toObjectId('birthPlaceTermId', input.birthPlaceTermId),
        ethnicIdentity: input.ethnicIdentity ?? null,
        detailsPublic: input.detailsPublic === true,
        ethnicGroupIds: toObjectIds('ethnicGroupIds', input.ethnicGroupIds ?? []),
        roles: input.roles ?? [],
        biography: input.biography ?? {},
        contact: input.contact ?? null,
        notes: input.notes ?? null,
      },
      now,
    );
    const narrator = (await this.models.Narrator.create({ ...state, createdBy: actor.userId })).toObject();
    reads.narrators.saved(narrator);
    await this.audit.record(actor, 'narrator.create', { type: 'Narrator', id: narrator._id }, {
      after: withoutPersonalValues(changedFields(null, narrator, NARRATOR_FIELDS)).after,
    });
    return narrator;
  }

  async update(actor: Actor, input: UpdateNarratorInput, reads: Reads = createReads(this.models), now = new Date()): Promise<NarratorDoc> {
    requireThat(actor, canEditNarrators(actor), 'Only staff may edit narrators');
    const id = toObjectId('id', input.id);
    const before = await reads.narrators.fresh(id);
    if (!before) throw new NotFoundError(WHAT);
    if (input.detailsPublic === true && before.detailsPublic !== true) {
      requireThat(actor, canPublish(actor), 'detailsPublic: only editors open a narrator’s details to the public');
    }
    const birthPlaceTermId =
      input.birthPlaceTermId == null ? input.birthPlaceTermId : toObjectId('birthPlaceTermId', input.birthPlaceTermId);
    const state = await this.checked(
      {
        names: input.names ?? before.names,
        displayName: input.displayName ?? before.displayName,
        birthYear: keep(input.birthYear, before.birthYear),
        birthPlace: keep(input.birthPlace, before.birthPlace),
        birthPlaceTermId: keep(birthPlaceTermId, before.birthPlaceTermId),
        ethnicIdentity: keep(input.ethnicIdentity, before.ethnicIdentity),
        detailsPublic: input.detailsPublic ?? before.detailsPublic === true,
        ethnicGroupIds: input.ethnicGroupIds ? toObjectIds('ethnicGroupIds', input.ethnicGroupIds) : before.ethnicGroupIds,
        roles: input.roles ?? before.roles,
        biography: input.biography ?? before.biography,
        contact: keep(input.contact, before.contact),
        notes: keep(input.notes, before.notes),
      },
      now,
    );
    // An empty biography is left out, as on create (mongoose drops empty objects), so the audit shows no phantom change.
    const { biography, ...rest } = state;
    const update = hasAnyText(biography) ? { $set: state } : { $set: rest, $unset: { biography: 1 } };
    const after = await updateVersioned<NarratorDoc>(this.models.Narrator, WHAT, id, input.version, update);
    reads.narrators.saved(after);
    await this.audit.record(actor, 'narrator.update', { type: 'Narrator', id, version: after.version }, withoutPersonalValues(
      changedFields(before, after, NARRATOR_FIELDS),
    ));
    return after;
  }

  private visibility(actor: Actor, reads: Reads, now: Date): Promise<Record<string, unknown>> {
    return narratorVisibilityFilter(actor, (interviewFilter) => reads.interviews.narratorIds(interviewFilter), now);
  }

  /** The whole new state, validated (including its references) before anything is written. */
  private async checked(s: NarratorState, now: Date): Promise<CheckedState> {
    const names = s.names
      .map((n) => ({ value: n.value.trim(), script: n.script ?? scriptOf(n.value.trim()), lang: n.lang ?? null }))
      .filter((n) => n.value);
    if (!names.length) throw new BadInputError('names', 'give at least one name');
    const displayName = cleanLocalized(s.displayName);
    if (!hasAnyText(displayName)) throw new BadInputError('displayName', 'give the display name in at least one of kk, ru, en');
    const thisYear = now.getUTCFullYear();
    if (s.birthYear != null && (s.birthYear < MIN_BIRTH_YEAR || s.birthYear > thisYear)) {
      throw new BadInputError('birthYear', `must be between ${MIN_BIRTH_YEAR} and ${thisYear}`);
    }
    const ethnicGroupIds = uniqueIds(s.ethnicGroupIds);
    await this.vocabulary.requireTerms('ethnicGroupIds', ethnicGroupIds, ['ethnic_group']);
    if (s.birthPlaceTermId) await this.vocabulary.requireTerms('birthPlaceTermId', [s.birthPlaceTermId], ['place']);
    const contact = s.contact && {
      phone: cleanText(s.contact.phone),
      email: cleanText(s.contact.email)?.toLowerCase() ?? null,
      address: cleanText(s.contact.address),
    };
    return {
      names,
      displayName,
      birthYear: s.birthYear,
      birthPlace: cleanText(s.birthPlace),
      birthPlaceTermId: s.birthPlaceTermId,
      ethnicIdentity: cleanText(s.ethnicIdentity),
      detailsPublic: s.detailsPublic,
      ethnicGroupIds,
      roles: [...new Set(s.roles)],
      biography: cleanLocalized(s.biography),
      contact: contact && Object.values(contact).some(Boolean) ? contact : null,
      notes: cleanText(s.notes),
    };
  }
}
