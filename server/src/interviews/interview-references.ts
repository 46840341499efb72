import { Types } from 'mongoose';
import { toObjectIds } from '../common/ids.js';
import { hasAnyText } from '../common/localized.js';
import type { Models } from '../db/models.js';
import { BadInputError } from '../errors.js';
import type { TermKind } from '../vocabulary/vocabulary.model.js';
import type { IndexSegmentInput } from './interview.input.js';
import { checkRestrictedWithinRecording } from './recording-bounds.js';

/** Checks that what an interview points at exists, so a typo never stores a dangling id. */
export class InterviewReferences {
  constructor(private readonly models: Models) {}

  async narrators(ids: string[]): Promise<Types.ObjectId[]> {
    const oids = unique(toObjectIds('narratorIds', ids));
    const found = await this.models.Narrator.find({ _id: { $in: oids } }, { _id: 1 }).lean();
    const missing = oids.filter((id) => !found.some((f) => f._id.equals(id)));
    if (missing.length) throw new BadInputError('narratorIds', `no narrator has the id ${missing.join(', ')}`);
    return oids;
  }

  async terms(field: string, ids: string[], kind?: TermKind): Promise<Types.ObjectId[]> {
    const oids = unique(toObjectIds(field, ids));
    const found = await this.models.VocabularyTerm.find({ _id: { $in: oids } }, { _id: 1, kind: 1 }).lean();
    const missing = oids.filter((id) => !found.some((f) => f._id.equals(id)));
    if (missing.length) throw new BadInputError(field, `unknown vocabulary term ${missing.join(', ')}; add it to the vocabulary first`);
    const wrongKind = kind ? found.filter((f) => f.kind !== kind) : [];
    if (wrongKind.length) throw new BadInputError(field, `must be ${kind} terms; ${wrongKind.map((w) => w._id).join(', ')} is not`);
    return oids;
  }

  async indexSegments(segments: IndexSegmentInput[], durationSeconds: number | null) {
    const out = [];
    for (const [i, s] of segments.entries()) {
      const at = `segments[${i}]`;
      if (!hasAnyText(s.title)) throw new BadInputError(`${at}.title`, 'give a title in at least one language');
      if (s.end != null && s.end <= s.start) throw new BadInputError(`${at}.end`, 'must be after start');
      if (durationSeconds != null && s.start > durationSeconds) {
        throw new BadInputError(`${at}.start`, `is past the end of the recording (${durationSeconds} s)`);
      }
      checkRestrictedWithinRecording(at, s, durationSeconds);
      const previous = segments[i - 1];
      if (previous && s.start < previous.start) throw new BadInputError(`${at}.start`, 'segments must be in time order');
      // A chapter given an end must not run into the next one: which of two overlapping levels holds
      // there would be a guess, and a restricted chapter is a promise of silence for that stretch.
      if (previous?.end != null && s.start < previous.end) {
        throw new BadInputError(`${at}.start`, `overlaps segments[${i - 1}] (${previous.start}–${previous.end} s)`);
      }
      out.push({
        start: s.start,
        end: s.end ?? null,
        title: s.title,
        synopsis: s.synopsis ?? {},
        keywords: (s.keywords ?? []).map((k) => k.trim()).filter(Boolean),
        subjectIds: s.subjectIds?.length ? await this.terms(`${at}.subjectIds`, s.subjectIds) : [],
        placeTermId: s.placeTermId ? (await this.terms(`${at}.placeTermId`, [s.placeTermId], 'place'))[0] : null,
        accessLevel: s.accessLevel ?? null,
      });
    }
    return out;
  }
}

const unique = (ids: Types.ObjectId[]) => ids.filter((id, i) => ids.findIndex((o) => o.equals(id)) === i);
