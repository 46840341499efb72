import type { Connection } from 'mongoose';
import { accessRequestSchema } from '../access-requests/access-request.model.js';
import { auditEventSchema } from '../audit/audit.model.js';
import { sessionSchema, signInAttemptSchema } from '../auth/session.model.js';
import { classLinkSchema } from '../class-links/class-link.model.js';
import { collectionImageSchema } from '../collections/collection-image.model.js';
import { collectionSchema } from '../collections/collection.model.js';
import { editClaimSchema } from '../common/edit-claim.model.js';
import { interviewSchema } from '../interviews/interview.model.js';
import { interviewPartsSchema } from '../interviews/interview-parts.model.js';
import { mediaAssetSchema } from '../interviews/media-asset.model.js';
import { jobSchema } from '../jobs/job.model.js';
import { outboxSchema } from '../mail/outbox.model.js';
import { emailConfirmationSchema } from '../readers/email-confirmation.model.js';
import { uploadPartSchema } from '../media/upload-part.model.js';
import { searchChangeSchema, searchReaderSchema } from '../search/change-log.model.js';
import { narratorSchema } from '../narrators/narrator.model.js';
import { transcriptRevisionSchema, transcriptSchema } from '../transcripts/transcript.model.js';
import { invitationSchema, userSchema } from '../users/user.model.js';
import { vocabularyTermSchema } from '../vocabulary/vocabulary.model.js';

/** Models bound to one connection, so tests and tools can hold several archives at once. */
export function createModels(conn: Connection) {
  return {
    AccessRequest: conn.model('AccessRequest', accessRequestSchema, 'access_requests'),
    AuditEvent: conn.model('AuditEvent', auditEventSchema, 'audit_events'),
    ClassLink: conn.model('ClassLink', classLinkSchema, 'class_links'),
    Collection: conn.model('Collection', collectionSchema, 'collections'),
    CollectionImage: conn.model('CollectionImage', collectionImageSchema, 'collection_images'),
    EmailConfirmation: conn.model('EmailConfirmation', emailConfirmationSchema, 'email_confirmations'),
    EditClaim: conn.model('EditClaim', editClaimSchema, 'edit_claims'),
    Interview: conn.model('Interview', interviewSchema, 'interviews'),
    InterviewParts: conn.model('InterviewParts', interviewPartsSchema, 'interview_parts'),
    Invitation: conn.model('Invitation', invitationSchema, 'invitations'),
    Job: conn.model('Job', jobSchema, 'jobs'),
    MediaAsset: conn.model('MediaAsset', mediaAssetSchema, 'media_assets'),
    Outbox: conn.model('Outbox', outboxSchema, 'outbox'),
    Narrator: conn.model('Narrator', narratorSchema, 'narrators'),
    SearchChange: conn.model('SearchChange', searchChangeSchema, 'search_changes'),
    SearchReader: conn.model('SearchReader', searchReaderSchema, 'search_readers'),
    Session: conn.model('Session', sessionSchema, 'sessions'),
    SignInAttempt: conn.model('SignInAttempt', signInAttemptSchema, 'sign_in_attempt_slots'),
    Transcript: conn.model('Transcript', transcriptSchema, 'transcripts'),
    TranscriptRevision: conn.model('TranscriptRevision', transcriptRevisionSchema, 'transcript_revisions'),
    UploadPart: conn.model('UploadPart', uploadPartSchema, 'upload_parts'),
    User: conn.model('User', userSchema, 'users'),
    VocabularyTerm: conn.model('VocabularyTerm', vocabularyTermSchema, 'vocabulary_terms'),
  };
}

export type Models = ReturnType<typeof createModels>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = import('mongoose').Model<any, any, any, any, any, any, any>;
