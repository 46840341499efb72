import { Types } from 'mongoose';
import { ANONYMOUS, type Actor } from '../access/actor.js';
import { Role } from '../access/levels.js';
import { canViewInterview } from '../access/policy.js';
import { toObjectId } from '../common/ids.js';
import { hasAnyText } from '../common/localized.js';
import type { Models } from '../db/models.js';
import { BadInputError } from '../errors.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import { type CollectionBlockInput, MAX_BLOCKS } from './collection.input.js';
import type { BlockDoc, CollectionDoc } from './collection.model.js';

/** A clip is a moment to show in class or share, not a way to publish a whole interview piecemeal. */
export const MAX_CLIP_SECONDS = 15 * 60;

/** Keys of public images: no path tricks, and never the private prefixes (release scans, masters). */
const IMAGE_KEY = /^(?!private\/|masters\/)[A-Za-z0-9][\w.-]*(\/[\w][\w.-]*)*$/;

const BLOCK_FIELDS = ['text', 'interviewId', 'start', 'end', 'caption', 'attribution', 'imageKey', 'alt'] as const;
type BlockField = (typeof BLOCK_FIELDS)[number];
const ALLOWED: Record<BlockDoc['type'], readonly BlockField[]> = {
  text: ['text'],
  clip: ['interviewId', 'start', 'end', 'caption'],
  quote: ['text', 'attribution', 'interviewId', 'start'],
  image: ['imageKey', 'alt', 'caption'],
};

/** Only what the access policy and the time checks read. */
const INTERVIEW_FIELDS = { status: 1, accessLevel: 1, createdBy: 1, release: 1, durationSeconds: 1 };

/** The audience a published collection is for, as the access policy knows them. */
const TEACHER: Actor = Object.freeze({ roles: [Role.teacher] });

export function checkStorageKey(field: string, key: string): string {
  if (!IMAGE_KEY.test(key) || key.includes('..')) {
    throw new BadInputError(field, 'is not a storage key of an uploaded image');
  }
  return key;
}

/** Checks blocks against their type and what they point at, so a collection never stores a broken block. */
export class CollectionBlocks {
  constructor(private readonly models: Models) {}

  /**
   * The blocks as stored. Interviews are referenced only if the author may see them: an unknown id
   * and one the author may not see get the same answer, so existence does not leak. A stored block
   * whose interview the author may not see (it was restricted or withdrawn after they added it) is
   * kept as stored: where the input sends its id, or at its old place when the input leaves it out,
   * so a save never drops what its author cannot see; only an input naming it with `remove` does.
   */
  async fromInput(actor: Actor, inputs: CollectionBlockInput[], collection: Pick<CollectionDoc, '_id' | 'blocks'> | null, now: Date): Promise<BlockDoc[]> {
    const existing = collection?.blocks ?? [];
    const ids = inputs.flatMap((b, i) => (b.interviewId ? [toObjectId(`blocks[${i}].interviewId`, b.interviewId)] : []));
    const interviews = await this.interviews([...ids, ...existing.flatMap((b) => (b.interviewId ? [b.interviewId] : []))]);
    const hidden = new Map(existing.filter((b) => !blockVisible(actor, b, interviews, now)).map((b) => [b._id.toHexString(), b]));
    const images = await this.readyImages(collection?._id ?? null, inputs);
    const kept = new Map(existing.map((b) => [b._id.toHexString(), b._id]));
    const keptImages = new Set(existing.flatMap((b) => (b.imageKey ? [b.imageKey] : [])));
    const used = new Set<string>();
    const placed = inputs.flatMap((input, i): BlockDoc[] => {
      const at = `blocks[${i}]`;
      if (input.remove) {
        if (!input.id) throw new BadInputError(`${at}.id`, 'say which stored block to remove by its id');
        // Claimed, so the block is neither placed nor kept at its old place.
        blockId(input.id, at, kept, used);
        return [];
      }
      const unseen = input.id ? hidden.get(toObjectId(`${at}.id`, input.id).toHexString()) : undefined;
      if (unseen) {
        claim(unseen._id, at, used);
        return [unseen];
      }
      const interview = input.interviewId ? interviews.get(input.interviewId.toLowerCase()) : undefined;
      if (input.interviewId && (!interview || !canViewInterview(actor, interview, now))) {
        throw new BadInputError(`${at}.interviewId`, 'there is no interview with this id that you may use');
      }
      checkBlock(input, at, interview ?? null);
      // A picture already in the collection stays; a new one must be an upload confirmed for it.
      const imageKey = input.imageKey?.trim();
      if (imageKey && !keptImages.has(imageKey) && !images.has(imageKey)) {
        throw new BadInputError(
          `${at}.imageKey`,
          collection
            ? 'is not a picture uploaded and confirmed for this collection; upload it (requestCollectionImageUpload, then confirmCollectionImage) first'
            : 'pictures are uploaded to a collection once it exists; create it first, then add the image block',
        );
      }
      return [{ ...storedFields(input), _id: blockId(input.id, at, kept, used) }];
    });
    return keepUnsent(placed, existing, hidden, used);
  }

  private async readyImages(collectionId: Types.ObjectId | null, inputs: CollectionBlockInput[]): Promise<Set<string>> {
    const wanted = inputs.flatMap((b) => (b.imageKey?.trim() ? [b.imageKey.trim()] : []));
    if (!collectionId || !wanted.length) return new Set();
    const found = await this.models.CollectionImage.find({ collectionId, key: { $in: wanted }, status: 'ready' }, { key: 1 }).lean();
    return new Set(found.map((f) => f.key));
  }

  /**
   * What publishing requires beyond a valid draft: a lesson for schools, and no block the audience
   * could not play (the public for a general collection; a signed-in teacher for a school one).
   */
  async checkPublishable(doc: Pick<CollectionDoc, 'title' | 'audience' | 'blocks' | 'lesson'>, now: Date) {
    if (!hasAnyText(doc.title)) throw new BadInputError('title', 'give a title in at least one language before publishing');
    if (!doc.blocks.length) throw new BadInputError('blocks', 'add at least one block before publishing');
    if (doc.audience === 'school') {
      if (!doc.lesson?.learningGoals?.some((g) => hasAnyText(g))) {
        throw new BadInputError('lesson.learningGoals', 'a lesson for schools needs at least one learning goal before publishing');
      }
      if (!doc.lesson.ageGuidance?.trim()) {
        throw new BadInputError('lesson.ageGuidance', 'a lesson for schools needs age guidance before publishing');
      }
    }
    const [audience, who] = doc.audience === 'school' ? [TEACHER, 'teachers'] : [ANONYMOUS, 'the public'];
    const interviews = await this.interviews(doc.blocks.flatMap((b) => (b.interviewId ? [b.interviewId] : [])));
    doc.blocks.forEach((b, i) => {
      if (!b.interviewId) return;
      const interview = interviews.get(b.interviewId.toHexString());
      if (!interview || !canViewInterview(audience, interview, now)) {
        throw new BadInputError(
          `blocks[${i}].interviewId`,
          `${who} cannot see this interview (not published, restricted, embargoed or withdrawn); remove the block or open the interview first`,
        );
      }
    });
  }

  private async interviews(ids: Types.ObjectId[]): Promise<Map<string, InterviewDoc>> {
    if (!ids.length) return new Map();
    const docs = await this.models.Interview.find({ _id: { $in: ids } }, INTERVIEW_FIELDS).lean<InterviewDoc[]>();
    return new Map(docs.map((d) => [d._id.toHexString(), d]));
  }
}

function checkBlock(b: CollectionBlockInput, at: string, interview: Pick<InterviewDoc, 'durationSeconds'> | null) {
  for (const field of BLOCK_FIELDS) {
    if (b[field] != null && !ALLOWED[b.type].includes(field)) {
      throw new BadInputError(`${at}.${field}`, `is not used by a ${b.type} block; leave it out`);
    }
  }
  const duration = interview?.durationSeconds ?? null;
  if (b.start != null) {
    if (b.start < 0) throw new BadInputError(`${at}.start`, 'must be 0 or more');
    if (duration != null && b.start >= duration) {
      throw new BadInputError(`${at}.start`, `is past the end of the recording (${duration} s)`);
    }
  }
  switch (b.type) {
    case 'text':
      if (!hasAnyText(b.text)) throw new BadInputError(`${at}.text`, 'write the text in at least one language');
      return;
    case 'quote':
      if (!hasAnyText(b.text)) throw new BadInputError(`${at}.text`, 'give the words quoted in at least one language');
      if (b.start != null && !b.interviewId) throw new BadInputError(`${at}.interviewId`, 'a time needs the interview it is in');
      return;
    case 'image':
      if (!b.imageKey?.trim()) throw new BadInputError(`${at}.imageKey`, 'an image block needs the uploaded image');
      checkStorageKey(`${at}.imageKey`, b.imageKey);
      if (!hasAnyText(b.alt)) {
        throw new BadInputError(`${at}.alt`, 'describe the image in at least one language for readers who cannot see it');
      }
      return;
    case 'clip':
      if (!b.interviewId) throw new BadInputError(`${at}.interviewId`, 'a clip needs the interview it comes from');
      if (b.start == null) throw new BadInputError(`${at}.start`, 'a clip needs a start time');
      if (b.end == null || b.end <= b.start) throw new BadInputError(`${at}.end`, 'must be after start');
      if (duration != null && b.end > duration) {
        throw new BadInputError(`${at}.end`, `is past the end of the recording (${duration} s)`);
      }
      if (b.end - b.start > MAX_CLIP_SECONDS) {
        throw new BadInputError(`${at}.end`, `a clip is at most ${MAX_CLIP_SECONDS / 60} minutes; link to the interview for more`);
      }
  }
}

/** Every field set, the ones of other types null: the stored shape stays uniform. */
function storedFields(b: CollectionBlockInput): Omit<BlockDoc, '_id'> {
  return {
    type: b.type,
    text: b.text ?? null,
    interviewId: b.interviewId ? new Types.ObjectId(b.interviewId) : null,
    start: b.start ?? null,
    end: b.end ?? null,
    caption: b.caption ?? null,
    attribution: b.attribution?.trim() || null,
    imageKey: b.imageKey?.trim() || null,
    alt: b.alt ?? null,
  };
}

/** A block keeps its id across reorders; a new one gets a fresh id. */
function blockId(id: string | null | undefined, at: string, kept: Map<string, Types.ObjectId>, used: Set<string>) {
  if (!id) return new Types.ObjectId();
  const existing = kept.get(toObjectId(`${at}.id`, id).toHexString());
  if (!existing) throw new BadInputError(`${at}.id`, 'is not a block of this collection; leave it out for a new block');
  return claim(existing, at, used);
}

function claim(id: Types.ObjectId, at: string, used: Set<string>): Types.ObjectId {
  if (used.has(id.toHexString())) throw new BadInputError(`${at}.id`, 'appears twice in the list');
  used.add(id.toHexString());
  return id;
}

/** Whether this viewer may see the block: one with an interview only while they may see that interview. */
export function blockVisible(actor: Actor, block: Pick<BlockDoc, 'interviewId'>, interviews: Map<string, InterviewDoc>, now: Date): boolean {
  if (!block.interviewId) return true;
  const interview = interviews.get(block.interviewId.toHexString());
  return Boolean(interview && canViewInterview(actor, interview, now));
}

/** Hidden blocks the input did not send back go where they stood, in stored order. */
function keepUnsent(placed: BlockDoc[], existing: BlockDoc[], hidden: Map<string, BlockDoc>, used: Set<string>): BlockDoc[] {
  const out = [...placed];
  existing.forEach((b, index) => {
    if (hidden.has(b._id.toHexString()) && !used.has(b._id.toHexString())) out.splice(Math.min(index, out.length), 0, b);
  });
  if (out.length > MAX_BLOCKS) {
    throw new BadInputError('blocks', `at most ${MAX_BLOCKS} blocks, counting ${out.length - placed.length} kept that you may not see`);
  }
  return out;
}
