import type { NonEmptyArray } from 'type-graphql';
import { AuthResolver } from './auth/auth.resolver.js';
import { InterviewResolver } from './interviews/interview.resolver.js';
import { UserResolver } from './users/user.resolver.js';

/** Every resolver of the API; the schema file is emitted from these. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [AuthResolver, InterviewResolver, UserResolver];
