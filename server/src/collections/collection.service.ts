import type { Types } from 'mongoose';
import { type Actor, isStaff } from '../access/actor.js';
import {
  canCreateCollection,
  canDeleteCollection,
  canEditCollection,
  canPublishCollection,
  canViewCollection,
  canViewInterview,
  collectionVisibilityFilter,
  requireThat,
} from '../access/policy.js';
import { type AuditService, changedFields } from '../audit/audit.service.js';
import { isDuplicateKey, updateVersioned } from '../common/concurrency.js';
import { toObjectId } from '../common/ids.js';
import { type Localized, hasAnyText } from '../common/localized.js';
import { type Page, paginate } from '../common/pagination.js';
import type { Models } from '../db/models.js';
import type { Reads } from '../db/reads.js';
import { BadInputError, ConflictError, NotFoundError } from '../errors.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import type { InterviewRepository } from '../interviews/interview.repository.js';
import type { Storage } from '../storage/storage.js';
import { deleteCollectionImages } from './collection-image.service.js';
import { CollectionBlocks, blockVisible, checkStorageKey } from './collection-blocks.js';
import type { CollectionFieldsInput, CollectionsArgs, CreateCollectionInput, LessonInput, UpdateCollectionInput } from './collection.input.js';
import type { BlockDoc, CollectionDoc, LessonDoc } from './collection.model.js';

const AUDITED = ['slug', 'title', 'intro', 'coverKey', 'audience', 'blocks', 'lesson', 'featured', 'status', 'publishedAt'] as const;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** What a viewer sees of a collection's blocks: the visible ones with their interviews, and how many are not. */
export interface VisibleBlocks {
  blocks: SortedBlock[];
  hidden: number;
}
/** A stored block, whether the viewer may see it, and its interview when they may. */
export interface SortedBlock {
  block: BlockDoc;
  visible: boolean;
  interview: InterviewDoc | null;
}

export class CollectionService {
  private readonly blockRules: CollectionBlocks;

  constructor(
    private readonly models: Models,
    private readonly audit: AuditService,
    private readonly storage: Storage,
  ) {
    this.blockRules = new CollectionBlocks(models);
  }

  /** The collection if the viewer may see it; NOT_FOUND otherwise, so drafts do not leak. */
  async get(actor: Actor, id: string): Promise<CollectionDoc> {
    const doc = await this.models.Collection.findById(toObjectId('id', id)).lean<CollectionDoc>();
    if (!doc || !canViewCollection(actor, doc)) throw new NotFoundError('Collection');
    return doc;
  }

  async getBySlug(actor: Actor, slug: string): Promise<CollectionDoc> {
    const doc = SLUG.test(slug) ? await this.models.Collection.findOne({ slug }).lean<CollectionDoc>() : null;
    if (!doc || !canViewCollection(actor, doc)) throw new NotFoundError('Collection');
    return doc;
  }

  async list(actor: Actor, args: CollectionsArgs): Promise<Page<CollectionDoc>> {
    const f = args.filter ?? {};
    const clauses: Record<string, unknown>[] = [collectionVisibilityFilter(actor)];
    if (f.audience) clauses.push({ audience: f.audience });
    if (f.featured != null) clauses.push({ featured: f.featured });
    if (f.status) clauses.push({ status: f.status });
    if (f.mine) clauses.push({ createdBy: actor.userId ? toObjectId('userId', actor.userId) : null });
    return paginate<CollectionDoc>(this.models.Collection, { $and: clauses }, args);
  }

  /**
   * The blocks this viewer may see. Interviews come through the per-request loader, so a page of
   * collections with many clips costs one interview query. A block whose interview is gone or
   * closed to the viewer is left out whole: its caption and times would reveal the testimony.
   */
  async visibleBlocks(actor: Actor, doc: CollectionDoc, interviews: InterviewRepository, now: Date): Promise<VisibleBlocks> {
    const out: VisibleBlocks = { blocks: [], hidden: 0 };
    for (const b of await this.sortedBlocks(actor, doc, interviews, now)) {
      if (b.visible) out.blocks.push(b);
      else out.hidden += 1;
    }
    return out;
  }

  /**
   * Every block in order for those who may change the collection, the hidden ones marked (shown as
   * "not available to you" and kept by a save); null for anyone else, who is not told they exist.
   */
  async blocksToEdit(actor: Actor, doc: CollectionDoc, interviews: InterviewRepository, now: Date): Promise<SortedBlock[] | null> {
    if (!canEditCollection(actor, doc)) return null;
    return this.sortedBlocks(actor, doc, interviews, now);
  }

  private async sortedBlocks(actor: Actor, doc: CollectionDoc, interviews: InterviewRepository, now: Date): Promise<SortedBlock[]> {
    const ids = [...new Set(doc.blocks.flatMap((b) => (b.interviewId ? [b.interviewId.toHexString()] : [])))];
    const found = new Map<string, InterviewDoc>((await interviews.getMany(ids)).map((d) => [d._id.toHexString(), d]));
    return doc.blocks.map((block) => {
      const visible = blockVisible(actor, block, found, now);
      return { block, visible, interview: (visible && block.interviewId && found.get(block.interviewId.toHexString())) || null };
    });
  }

  /** Staff manage what is hidden; anyone else is not told that anything is. */
  async hiddenBlockCount(actor: Actor, doc: CollectionDoc, interviews: InterviewRepository, now: Date): Promise<number | null> {
    if (!isStaff(actor)) return null;
    return (await this.visibleBlocks(actor, doc, interviews, now)).hidden;
  }

  async creatorName(actor: Actor, doc: CollectionDoc, users: Reads['users']): Promise<string | null> {
    if (!isStaff(actor)) return null;
    return (await users.get(doc.createdBy))?.name ?? null;
  }

  async create(actor: Actor, input: CreateCollectionInput, now = new Date()): Promise<CollectionDoc> {
    requireThat(actor, canCreateCollection(actor), 'Editors, researchers and teachers create collections');
    const slug = checkSlug(input.slug);
    if (!hasAnyText(input.title)) throw new BadInputError('title', 'give a title in at least one language');
    const fields = await this.fieldsFrom(actor, input, null, now);
    let created: CollectionDoc;
    try {
      const doc = await this.models.Collection.create({
        ...fields,
        slug,
        status: 'draft',
        publishedAt: null,
        createdBy: toObjectId('userId', actor.userId!),
      });
      created = doc.toObject() as CollectionDoc;
    } catch (err) {
      throw isSlugClash(err) ? slugTaken(slug) : err;
    }
    await this.audit.record(actor, 'collection.create', { type: 'Collection', id: created._id }, {
      after: changedFields({}, created, AUDITED).after,
    });
    return created;
  }

  /** Omitted fields stay; `blocks` is the whole new list. All checks pass before the one write. */
  async update(actor: Actor, input: UpdateCollectionInput, now = new Date()): Promise<CollectionDoc> {
    const before = await this.editable(actor, input.id, input.version);
    if (input.title && !hasAnyText(input.title)) throw new BadInputError('title', 'give a title in at least one language');
    const fields = await this.fieldsFrom(actor, input, before, now);
    if (input.slug != null && input.slug !== before.slug) fields.slug = await this.freeSlug(input.slug, before._id);
    // An edit to a published collection is live at once, so it must meet what publishing requires.
    if (before.status === 'published') await this.blockRules.checkPublishable({ ...before, ...fields }, now);
    return this.save(actor, 'collection.update', before, input.version, fields);
  }

  async publish(actor: Actor, id: string, version: number, now = new Date()): Promise<CollectionDoc> {
    requireThat(actor, canPublishCollection(actor), 'Only editors publish collections');
    const before = current(await this.get(actor, id), version);
    if (before.status === 'published') throw new BadInputError('id', 'the collection is already published');
    // Checked on the version read; the write applies only to that version, so nothing unchecked goes live.
    await this.blockRules.checkPublishable(before, now);
    return this.save(actor, 'collection.publish', before, version, { status: 'published', publishedAt: now });
  }

  async unpublish(actor: Actor, id: string, version: number): Promise<CollectionDoc> {
    requireThat(actor, canPublishCollection(actor), 'Only editors unpublish collections');
    const before = current(await this.get(actor, id), version);
    if (before.status !== 'published') throw new BadInputError('id', 'the collection is not published');
    return this.save(actor, 'collection.unpublish', before, version, { status: 'draft', publishedAt: null });
  }

  async delete(actor: Actor, id: string, version: number): Promise<Types.ObjectId> {
    const before = await this.get(actor, id);
    requireThat(actor, canDeleteCollection(actor, before), 'Only editors delete a published collection or another person’s draft');
    const { deletedCount } = await this.models.Collection.deleteOne({ _id: before._id, version });
    if (deletedCount !== 1) {
      const now = await this.models.Collection.findById(before._id, { version: 1 }).lean<{ version: number }>();
      if (!now) throw new NotFoundError('Collection');
      throw conflict(version, now.version);
    }
    await this.audit.record(actor, 'collection.delete', { type: 'Collection', id: before._id }, {
      before: changedFields(before, {}, AUDITED).before,
    });
    await deleteCollectionImages(this.models, this.storage, before);
    return before._id;
  }

  private async editable(actor: Actor, id: string, version: number): Promise<CollectionDoc> {
    return current(await this.requireEditable(actor, id), version);
  }

  /** The collection if this viewer may change it now (any version): for its pictures too. */
  async requireEditable(actor: Actor, id: string): Promise<CollectionDoc> {
    const doc = await this.get(actor, id);
    requireThat(actor, canEditCollection(actor, doc), 'Only its author or an editor may change this collection');
    // Changing a published collection puts the change in front of the public: that is publishing.
    if (doc.status === 'published') {
      requireThat(actor, canPublishCollection(actor), 'A published collection is changed by editors; ask one to unpublish it');
    }
    return doc;
  }

  private async save(actor: Actor, action: string, before: CollectionDoc, version: number, $set: Record<string, unknown>) {
    let after: CollectionDoc;
    try {
      after = await updateVersioned<CollectionDoc>(this.models.Collection, 'Collection', before._id, version, { $set });
    } catch (err) {
      throw isSlugClash(err) ? slugTaken(String($set.slug)) : err;
    }
    await this.audit.record(actor, action, { type: 'Collection', id: before._id, version: after.version }, changedFields(before, after, AUDITED));
    return after;
  }

  /** Asked first for a clear answer; the unique index still decides when two editors race for one slug. */
  private async freeSlug(slug: string, self: Types.ObjectId): Promise<string> {
    checkSlug(slug);
    if (await this.models.Collection.exists({ slug, _id: { $ne: self } })) throw slugTaken(slug);
    return slug;
  }

  /** Checks the input and turns it into stored fields; only the fields given. */
  private async fieldsFrom(actor: Actor, input: CollectionFieldsInput, before: CollectionDoc | null, now: Date) {
    const out: Partial<Omit<CollectionDoc, '_id'>> = {};
    if (input.title) out.title = input.title;
    if (input.intro) out.intro = input.intro;
    if (input.audience) out.audience = input.audience;
    if (input.featured != null && input.featured !== (before?.featured ?? false)) {
      // The home page is the archive's front window: editors choose what is on it.
      requireThat(actor, canPublishCollection(actor), 'Only editors feature collections');
      out.featured = input.featured;
    }
    if (input.coverKey !== undefined) out.coverKey = input.coverKey ? checkStorageKey('coverKey', input.coverKey) : null;
    if (input.lesson !== undefined) out.lesson = input.lesson ? toLesson(input.lesson) : null;
    if (input.blocks) out.blocks = await this.blockRules.fromInput(actor, input.blocks, before, now);
    return out;
  }
}

const conflict = (version: number, currentVersion: number) =>
  new ConflictError(
    `Collection was changed by someone else (you edited version ${version}, it is now ${currentVersion}); reload, and apply your change again`,
    { currentVersion },
  );

/**
 * A stale edit gets CONFLICT before any check, so the editor is not told about problems of a version
 * they never saw; updateVersioned still guards the moment between this read and the write.
 */
function current(doc: CollectionDoc, version: number): CollectionDoc {
  if (doc.version !== version) throw conflict(version, doc.version);
  return doc;
}

function checkSlug(slug: string): string {
  if (!SLUG.test(slug)) {
    throw new BadInputError('slug', 'use lower-case latin letters and digits, words joined by single hyphens (e.g. deportation-1937)');
  }
  return slug;
}

/**
 * FerretDB 1.24 reports a unique-index violation in findAndModify as code 1 (InternalError, "UNIQUE
 * constraint failed: index '…_slug_1'") instead of 11000; inserts do give 11000.
 */
const isSlugClash = (err: unknown) =>
  isDuplicateKey(err) || /UNIQUE constraint failed: index '\S*slug_1'/.test(String((err as Error)?.message));

const slugTaken = (slug: string) => new BadInputError('slug', `another collection already uses ${slug}; choose another`);

/** Empty entries (a blank row of the lesson form) are dropped rather than stored. */
const texts = (values?: Localized[] | null) => (values ?? []).filter((v) => hasAnyText(v));

function toLesson(input: LessonInput): LessonDoc {
  return {
    learningGoals: texts(input.learningGoals),
    discussionQuestions: texts(input.discussionQuestions),
    ageGuidance: input.ageGuidance?.trim() || null,
    minimumAge: input.minimumAge ?? null,
    contentNotes: texts(input.contentNotes),
  };
}
