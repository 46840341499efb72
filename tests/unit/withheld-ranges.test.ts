import { describe, expect, it } from 'vitest';
import { Role, AccessLevel } from '../../server/src/access/levels.js';
import { CLASS_LINK_VIEWER, copyAudienceFor, silencedFor, type GuardedInterview } from '../../server/src/access/policy.js';
import { rangesFingerprint, withheldRanges, type RestrictionSource } from '../../server/src/access/withheld.js';
import { pickAccessCopy, pickWaveform } from '../../server/src/media/playable.js';
import { Types } from 'mongoose';

const { public: PUB, education: EDU, research: RES, private: PRIV } = AccessLevel;
const owner = new Types.ObjectId().toHexString();
const published: GuardedInterview = { accessLevel: PUB, status: 'published', createdBy: owner, release: { permits: PUB } };

const source = (over: Partial<RestrictionSource> = {}): RestrictionSource => ({
  interview: {
    ...published,
    indexSegments: [
      { start: 0, end: null, accessLevel: null },
      { start: 40, end: null, accessLevel: EDU }, // runs to the next chapter: 40–50
      { start: 50, end: null, accessLevel: null },
    ],
  },
  transcripts: [
    { segments: [{ start: 10, end: 20, accessLevel: RES }, { start: 18, end: 25, accessLevel: EDU }, { start: 30, end: 35, accessLevel: PRIV }] },
    { segments: [{ start: 45, end: 48, accessLevel: RES }, { start: 90, end: 200, accessLevel: RES }] },
  ],
  durationSeconds: 100,
  ...over,
});

describe('withheld ranges: what each audience may not hear', () => {
  it('the public loses every closed passage, merged and sorted, cut at the end of the recording', () => {
    expect(withheldRanges(source(), PUB)).toEqual([
      { start: 10, end: 25 },
      { start: 30, end: 35 },
      { start: 40, end: 50 },
      { start: 90, end: 100 },
    ]);
  });
  it('a teacher hears education passages, not research or private ones', () => {
    expect(withheldRanges(source(), EDU)).toEqual([
      { start: 10, end: 20 },
      { start: 30, end: 35 },
      { start: 45, end: 48 },
      { start: 90, end: 100 },
    ]);
  });
  it('a researcher loses only private passages; the full copy loses nothing', () => {
    expect(withheldRanges(source(), RES)).toEqual([{ start: 30, end: 35 }]);
    expect(withheldRanges(source(), 'full')).toEqual([]);
  });
  it('an index chapter without an end, last of all, runs to the end of the recording', () => {
    const s = source({ transcripts: [], interview: { ...published, indexSegments: [{ start: 70, end: null, accessLevel: RES }] } });
    expect(withheldRanges(s, EDU)).toEqual([{ start: 70, end: 100 }]);
  });
  it('fingerprints name the ranges: equal sets agree, any change differs, nothing withheld is "none"', () => {
    const a = rangesFingerprint(withheldRanges(source(), PUB));
    expect(rangesFingerprint(withheldRanges(source(), PUB))).toBe(a);
    expect(rangesFingerprint(withheldRanges(source(), EDU))).not.toBe(a);
    expect(rangesFingerprint([{ start: 10, end: 25.001 }])).not.toBe(rangesFingerprint([{ start: 10, end: 25 }]));
    expect(rangesFingerprint([])).toBe('none');
  });
});

describe('copyAudienceFor: one rule for which copy a viewer hears', () => {
  it.each([
    ['anonymous', { roles: [] }, PUB],
    ['teacher', { userId: new Types.ObjectId().toHexString(), roles: [Role.teacher] }, EDU],
    ['class link', CLASS_LINK_VIEWER, EDU],
    ['researcher', { userId: new Types.ObjectId().toHexString(), roles: [Role.researcher] }, RES],
    ['uploader', { userId: owner, roles: [Role.researcher] }, 'full'],
    ['editor', { userId: new Types.ObjectId().toHexString(), roles: [Role.editor] }, 'full'],
    ['admin', { userId: new Types.ObjectId().toHexString(), roles: [Role.admin] }, 'full'],
  ] as const)('%s → %s', (_name, actor, expected) => {
    expect(copyAudienceFor(actor, published)).toBe(expected);
  });
});

describe('which copy plays: by rule, not by database order', () => {
  const oldMaster = { _id: new Types.ObjectId('000000000000000000000001'), kind: 'master', status: 'ready', derivedFromId: null } as const;
  const newMaster = { _id: new Types.ObjectId('000000000000000000000002'), kind: 'master', status: 'ready', derivedFromId: null } as const;
  const copy = (m: { _id: Types.ObjectId }, kind: string, fp: string) => ({
    _id: new Types.ObjectId(), kind, status: 'ready', derivedFromId: m._id, restrictionsFingerprint: fp,
  }) as never as { _id: Types.ObjectId; kind: 'access_audio'; status: 'ready'; derivedFromId: Types.ObjectId; restrictionsFingerprint: string };
  const assets = [copy(oldMaster, 'access_audio', 'none'), copy(newMaster, 'access_audio', 'none'), copy(newMaster, 'access_audio', 'abc'), copy(newMaster, 'waveform', 'abc'), oldMaster, newMaster];

  it('the newest master, and only the copy with the current fingerprint', () => {
    for (const order of [assets, [...assets].reverse()]) {
      expect(pickAccessCopy(order, { fingerprint: 'abc', unreviewed: false })).toBe(assets[2]);
      expect(pickAccessCopy(order, { fingerprint: 'none', unreviewed: false })).toBe(assets[1]);
      expect(pickWaveform(order, { fingerprint: 'abc', unreviewed: false })).toBe(assets[3]);
      expect(pickWaveform(order, { fingerprint: 'none', unreviewed: false })).toBe(null);
      expect(pickAccessCopy(order, { fingerprint: 'stale', unreviewed: false })).toBe(null);
    }
  });
  it('a recording awaiting review plays only to those who may hear unreviewed material', () => {
    const pending = [...assets.slice(0, 5), { ...newMaster, awaitingReview: true }];
    expect(String(pickAccessCopy(pending, { fingerprint: 'none', unreviewed: false })?.derivedFromId)).toBe(String(oldMaster._id));
    expect(String(pickAccessCopy(pending, { fingerprint: 'none', unreviewed: true })?.derivedFromId)).toBe(String(newMaster._id));
  });
});

describe('silencedFor: what the studio says about a restricted passage', () => {
  it('names the audiences who hear the interview but silence in the passage', () => {
    expect(silencedFor(published, null)).toEqual([]);
    expect(silencedFor(published, PUB)).toEqual([]);
    expect(silencedFor(published, EDU)).toEqual([PUB]);
    expect(silencedFor(published, RES)).toEqual([PUB, EDU]);
    expect(silencedFor(published, PRIV)).toEqual([PUB, EDU, RES]);
  });
  it('leaves out audiences the whole interview is closed to, by its level or its release', () => {
    expect(silencedFor({ ...published, accessLevel: EDU }, RES)).toEqual([EDU]);
    expect(silencedFor({ ...published, release: { permits: RES } }, PRIV)).toEqual([RES]);
  });
});
