import type { Types } from 'mongoose';
import type { Actor } from '../access/actor.js';
import { canEditVocabulary, requireThat } from '../access/policy.js';
import { type AuditService, changedFields } from '../audit/audit.service.js';
import { isDuplicateKey, updateVersioned } from '../common/concurrency.js';
import { toObjectId } from '../common/ids.js';
import { UI_LANGUAGES, hasAnyText } from '../common/localized.js';
import type { Page } from '../common/pagination.js';
import type { Models } from '../db/models.js';
import { createReads, type Reads } from '../db/reads.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { cleanLocalized, containsIgnoringCase, keepOrClear as keep } from '../common/text.js';
import { foldPhrase } from '../search/normalize.js';
import type { CreateVocabularyTermInput, UpdateVocabularyTermInput, VocabularyTermsArgs } from './vocabulary.input.js';
import type { TermKind, VocabularyTermDoc } from './vocabulary.model.js';

const WHAT = 'Vocabulary term';
const TERM_FIELDS = ['kind', 'key', 'labels', 'altLabels', 'parentId', 'startYear', 'endYear', 'latitude', 'longitude'] as const;
/** Deep enough for region → city → district → landmark; a bound keeps the cycle walk finite. */
const MAX_DEPTH = 8;

/** What a term stores, apart from bookkeeping: checked as a whole before any write. */
type TermState = Pick<VocabularyTermDoc, 'kind' | 'key' | 'labels' | 'altLabels'> & {
  parentId: Types.ObjectId | null;
  startYear: number | null;
  endYear: number | null;
  latitude: number | null;
  longitude: number | null;
};

const plural = (n: number, noun: string) => (n === 0 ? null : `${n} ${noun}${n === 1 ? '' : 's'}`);

export class VocabularyService {
  constructor(
    private readonly models: Models,
    private readonly audit: AuditService,
  ) {}

  /** The vocabulary is public: reading needs no check. */
  async get(id: string, reads: Reads = createReads(this.models)): Promise<VocabularyTermDoc> {
    const term = await reads.terms.get(toObjectId('id', id));
    if (!term) throw new NotFoundError(WHAT);
    return term;
  }

  async list(args: VocabularyTermsArgs, reads: Reads = createReads(this.models)): Promise<Page<VocabularyTermDoc>> {
    const conditions: Record<string, unknown>[] = [];
    if (args.kind) conditions.push({ kind: args.kind });
    if (args.parentId) conditions.push({ parentId: toObjectId('parentId', args.parentId) });
    if (args.search?.trim()) {
      const pattern = containsIgnoringCase(args.search);
      conditions.push({ $or: [...UI_LANGUAGES.map((l) => ({ [`labels.${l}`]: pattern })), { altLabels: pattern }] });
    }
    if (args.label?.trim()) conditions.push({ _id: { $in: await this.namedBy(args.label) } });
    return reads.terms.page(conditions.length ? { $and: conditions } : {}, args);
  }

  /**
   * Ids of the terms a label names: the key itself, or any label or other spelling folding to the
   * same words (search's folding, so a cell meets the term exactly as a query would). Folded in
   * code over the whole vocabulary: a few thousand short labels, and no database folds Kazakh.
   */
  private async namedBy(label: string): Promise<Types.ObjectId[]> {
    const text = label.trim();
    const wanted = foldPhrase(text);
    const terms = await this.models.VocabularyTerm.find({}, { key: 1, labels: 1, altLabels: 1 }).lean<VocabularyTermDoc[]>();
    return terms
      .filter((t) => t.key === text || (wanted !== '' && [...Object.values(t.labels ?? {}), ...(t.altLabels ?? [])].some((l) => typeof l === 'string' && foldPhrase(l) === wanted)))
      .map((t) => t._id);
  }

  async create(actor: Actor, input: CreateVocabularyTermInput): Promise<VocabularyTermDoc> {
    requireThat(actor, canEditVocabulary(actor), 'Only editors may change the vocabulary');
    const state = await this.checked({
      kind: input.kind,
      key: input.key,
      labels: input.labels,
      altLabels: input.altLabels ?? [],
      parentId: input.parentId == null ? null : toObjectId('parentId', input.parentId),
      startYear: input.startYear ?? null,
      endYear: input.endYear ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
    });
    let term: VocabularyTermDoc;
    try {
      term = (await this.models.VocabularyTerm.create(state)).toObject();
    } catch (err) {
      throw isDuplicateKey(err) ? new BadInputError('key', `${state.key} is already used by another term`) : err;
    }
    await this.audit.record(actor, 'vocabulary.create', { type: 'VocabularyTerm', id: term._id }, {
      after: changedFields(null, term, TERM_FIELDS).after,
    });
    return term;
  }

  async update(actor: Actor, input: UpdateVocabularyTermInput, reads: Reads = createReads(this.models)): Promise<VocabularyTermDoc> {
    requireThat(actor, canEditVocabulary(actor), 'Only editors may change the vocabulary');
    const id = toObjectId('id', input.id);
    const before = await reads.terms.fresh(id);
    if (!before) throw new NotFoundError(WHAT);
    const parentId = input.parentId == null ? input.parentId : toObjectId('parentId', input.parentId);
    const state = await this.checked(
      {
        kind: before.kind,
        key: input.key ?? before.key,
        labels: input.labels ?? before.labels,
        altLabels: input.altLabels ?? before.altLabels ?? [],
        parentId: keep(parentId, before.parentId),
        startYear: keep(input.startYear, before.startYear),
        endYear: keep(input.endYear, before.endYear),
        latitude: keep(input.latitude, before.latitude),
        longitude: keep(input.longitude, before.longitude),
      },
      id,
    );
    let after: VocabularyTermDoc;
    try {
      after = await updateVersioned<VocabularyTermDoc>(this.models.VocabularyTerm, WHAT, id, input.version, { $set: state });
    } catch (err) {
      throw isDuplicateKey(err) ? new BadInputError('key', `${state.key} is already used by another term`) : err;
    }
    reads.terms.saved(after);
    await this.audit.record(actor, 'vocabulary.update', { type: 'VocabularyTerm', id, version: after.version }, changedFields(before, after, TERM_FIELDS));
    return after;
  }

  /**
   * Refused while anything points at the term: a dangling tag would silently drop testimony out of
   * its facet. Without transactions a tag added between the count and the delete can still slip
   * through; loaders treat a missing term as absent, so that costs a tag, never an error.
   */
  async delete(actor: Actor, idText: string, reads: Reads = createReads(this.models)): Promise<VocabularyTermDoc> {
    requireThat(actor, canEditVocabulary(actor), 'Only editors may change the vocabulary');
    const id = toObjectId('id', idText);
    const term = await reads.terms.fresh(id);
    if (!term) throw new NotFoundError(WHAT);
    const uses = await this.usesOf(id);
    if (uses.length) throw new BadInputError('id', `${term.key} is still used by ${uses.join(', ')}; remove those uses first`);
    await this.models.VocabularyTerm.deleteOne({ _id: id });
    reads.terms.forget(id);
    await this.audit.record(actor, 'vocabulary.delete', { type: 'VocabularyTerm', id }, {
      before: changedFields(term, null, TERM_FIELDS).before,
    });
    return term;
  }

  /** For features that tag with terms (narrators, interviews): every id must be a term of one of `kinds`. */
  async requireTerms(field: string, ids: readonly Types.ObjectId[], kinds: readonly TermKind[]): Promise<void> {
    if (!ids.length) return;
    const found = await this.models.VocabularyTerm.find({ _id: { $in: ids } }, { kind: 1 }).lean<VocabularyTermDoc[]>();
    const kindOf = new Map(found.map((t) => [t._id.toHexString(), t.kind]));
    for (const id of ids) {
      const kind = kindOf.get(id.toHexString());
      if (!kind) throw new BadInputError(field, `${id.toHexString()} is not a vocabulary term`);
      if (!kinds.includes(kind)) throw new BadInputError(field, `${id.toHexString()} is a ${kind} term, not ${kinds.join(' or ')}`);
    }
  }

  private async usesOf(id: Types.ObjectId): Promise<string[]> {
    const [interviews, narrators, narrower] = await Promise.all([
      this.models.Interview.countDocuments({
        $or: [{ tagIds: id }, { placeTermId: id }, { 'indexSegments.subjectIds': id }, { 'indexSegments.placeTermId': id }],
      }),
      this.models.Narrator.countDocuments({ $or: [{ ethnicGroupIds: id }, { birthPlaceTermId: id }] }),
      this.models.VocabularyTerm.countDocuments({ parentId: id }),
    ]);
    return [plural(interviews, 'interview'), plural(narrators, 'narrator'), plural(narrower, 'narrower term')].filter(
      (s): s is string => s !== null,
    );
  }

  /** The whole new state, validated before anything is written. */
  private async checked(s: TermState, selfId?: Types.ObjectId): Promise<TermState> {
    const labels = cleanLocalized(s.labels);
    if (!hasAnyText(labels)) throw new BadInputError('labels', 'give the label in at least one of kk, ru, en');
    const altLabels = [...new Set(s.altLabels.map((a) => a.trim()).filter(Boolean))];
    if (s.kind === 'era') {
      if (s.startYear == null) throw new BadInputError('startYear', 'an era needs its first year');
      if (s.endYear != null && s.endYear < s.startYear) {
        throw new BadInputError('endYear', `must not be before startYear (${s.startYear})`);
      }
    } else if (s.startYear != null || s.endYear != null) {
      throw new BadInputError(s.startYear != null ? 'startYear' : 'endYear', 'only era terms have years');
    }
    if (s.kind === 'place') {
      if ((s.latitude == null) !== (s.longitude == null)) {
        throw new BadInputError(s.latitude == null ? 'latitude' : 'longitude', 'give latitude and longitude together');
      }
    } else if (s.latitude != null || s.longitude != null) {
      throw new BadInputError(s.latitude != null ? 'latitude' : 'longitude', 'only place terms have coordinates');
    }
    if (s.parentId) await this.checkParent(s.kind, s.parentId, selfId);
    return { ...s, key: s.key.trim(), labels, altLabels };
  }

  /** Same kind, and no cycle: walking up from the new parent must never meet the term itself. */
  private async checkParent(kind: TermKind, parentId: Types.ObjectId, selfId?: Types.ObjectId): Promise<void> {
    await this.requireTerms('parentId', [parentId], [kind]);
    let current: Types.ObjectId | null = parentId;
    for (let depth = 1; current; depth++) {
      if (selfId?.equals(current)) throw new BadInputError('parentId', 'cannot be the term itself or one of its narrower terms');
      if (depth > MAX_DEPTH) throw new BadInputError('parentId', `the hierarchy would be deeper than ${MAX_DEPTH} levels`);
      const ancestor: Pick<VocabularyTermDoc, 'parentId'> | null = await this.models.VocabularyTerm.findById(current, {
        parentId: 1,
      }).lean<Pick<VocabularyTermDoc, 'parentId'>>();
      current = ancestor?.parentId ?? null;
    }
  }
}
