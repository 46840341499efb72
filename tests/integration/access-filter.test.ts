import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { canViewInterview, interviewVisibilityFilter } from '../../server/src/access/policy.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { NOW, VIEWERS, allCases, interviewFor } from '../support/access-cases.js';

let archive: TestArchive;
beforeAll(async () => {
  archive = await startTestArchive();
});
afterAll(() => archive?.close());

describe('the database filter agrees with the single-record rule', () => {
  it('for every viewer and every combination of level, release, status, embargo and withdrawal', async () => {
    const cases = allCases();
    const docs = cases.map((spec) => {
      const g = interviewFor(spec);
      return {
        _id: new Types.ObjectId(),
        title: { en: JSON.stringify(spec) },
        accessLevel: g.accessLevel,
        status: g.status,
        createdBy: new Types.ObjectId(String(g.createdBy)),
        release: g.release ?? null,
      };
    });
    await archive.db.models.Interview.insertMany(docs);
    expect(cases.length).toBeGreaterThan(150);

    for (const [name, viewer] of Object.entries(VIEWERS)) {
      const expected = docs
        .filter((d) => canViewInterview(viewer, { ...d, createdBy: d.createdBy.toHexString() }, NOW))
        .map((d) => d._id.toHexString())
        .sort();
      const found = (await archive.db.models.Interview.find(interviewVisibilityFilter(viewer, NOW), { _id: 1 }).lean())
        .map((d) => d._id.toHexString())
        .sort();
      const count = await archive.db.models.Interview.countDocuments(interviewVisibilityFilter(viewer, NOW));
      expect({ viewer: name, ids: found, count }).toEqual({ viewer: name, ids: expected, count: expected.length });
    }
  });
});
