import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { FixityDoc } from '../interviews/media-asset.model.js';
import type { FixityState } from './fixity.service.js';

@ObjectType({ description: 'The latest fixity check of a stored file: its bytes read again and hashed' })
export class Fixity {
  @Field(() => Date) checkedAt: Date;
  @Field(() => String, { description: 'ok, mismatch (the bytes hash to something else) or missing (not in storage)' }) status: string;
  @Field(() => String, { nullable: true, description: 'What the stored bytes hash to, on a mismatch' }) foundSha256: string | null;
}

export const toFixity = (doc: FixityDoc | null | undefined): Fixity | null =>
  doc ? { checkedAt: doc.checkedAt, status: doc.status, foundSha256: doc.foundSha256 ?? null } : null;

@ObjectType({ description: 'A stored file that failed its latest fixity check' })
export class FixityProblem {
  @Field(() => ID) mediaAssetId: string;
  @Field(() => ID) interviewId: string;
  @Field(() => String) kind: string;
  @Field(() => String) fileName: string;
  @Field(() => String, { description: 'The SHA-256 recorded when the file was stored' }) recordedSha256: string;
  @Field(() => Fixity) fixity: Fixity;
}

@ObjectType({ description: 'Fixity of the stored masters and access copies: editors and admins' })
export class FixityReport {
  @Field(() => Int, { description: 'Files whose latest check found them intact' }) ok: number;
  @Field(() => Int, { description: 'Files whose latest check found them changed or missing' }) failed: number;
  @Field(() => Int, { description: 'Files not checked yet' }) unchecked: number;
  @Field(() => Date, { nullable: true }) lastCheckedAt: Date | null;
  @Field(() => [FixityProblem], { description: 'The failed files, latest check first (at most 100)' }) problems: FixityProblem[];
}

export const toFixityReport = (state: FixityState): FixityReport => ({
  ok: state.ok,
  failed: state.failed,
  unchecked: state.unchecked,
  lastCheckedAt: state.lastCheckedAt,
  problems: state.problems.map(({ asset, fixity }) => ({
    mediaAssetId: asset._id.toHexString(),
    interviewId: asset.interviewId.toHexString(),
    kind: asset.kind,
    fileName: asset.fileName,
    recordedSha256: asset.sha256 ?? '',
    fixity: toFixity(fixity)!,
  })),
});
