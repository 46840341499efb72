import type { NonEmptyArray } from 'type-graphql';
import { AccessRequestResolver } from './access-requests/access-request.resolver.js';
import { AuditResolver } from './audit/audit.resolver.js';
import { AuthResolver } from './auth/auth.resolver.js';
import { ReaderResolver } from './readers/reader.resolver.js';
import { ClassLinkResolver } from './class-links/class-link.resolver.js';
import { CollectionImageResolver } from './collections/collection-image.resolver.js';
import { CollectionResolver } from './collections/collection.resolver.js';
import { InterviewFieldsResolver } from './interviews/interview-fields.resolver.js';
import { InterviewResolver } from './interviews/interview.resolver.js';
import { JobResolver } from './jobs/job.resolver.js';
import { MediaResolver } from './media/media.resolver.js';
import { FixityResolver } from './preservation/fixity.resolver.js';
import { NarratorResolver } from './narrators/narrator.resolver.js';
import { TranscriptImportResolver } from './transcripts/transcript-import.js';
import { SearchHitRelationsResolver } from './search/search-hit-relations.resolver.js';
import { SearchResolver } from './search/search.resolver.js';
import { TranscriptResolver, TranscriptRevisionResolver } from './transcripts/transcript.resolver.js';
import { UserResolver } from './users/user.resolver.js';
import { VocabularyResolver } from './vocabulary/vocabulary.resolver.js';
import { WithheldPartsResolver } from './access-requests/withheld-parts.resolver.js';

/** Every resolver of the API; the schema file is emitted from these. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [AccessRequestResolver, AuditResolver, AuthResolver, ClassLinkResolver, CollectionImageResolver, CollectionResolver, FixityResolver, InterviewFieldsResolver, InterviewResolver, JobResolver, MediaResolver, NarratorResolver, ReaderResolver, SearchHitRelationsResolver, SearchResolver, TranscriptImportResolver, TranscriptResolver, TranscriptRevisionResolver, UserResolver, VocabularyResolver, WithheldPartsResolver];
