import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../access/levels.js';
import { Connection } from '../common/pagination.js';
import type { InvitationDoc, UserDoc } from './user.model.js';

@ObjectType({ description: 'A person who signs in. E-mail is shown only to the user and to admins.' })
export class User {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => [Role]) roles: Role[];
  @Field(() => String) status: string;
  @Field(() => Date, { nullable: true }) lastSignInAt: Date | null;
  @Field(() => Number) version: number;
}

export const toUser = (doc: UserDoc, showPersonal: boolean): User => ({
  id: doc._id.toHexString(),
  name: doc.name,
  email: showPersonal ? doc.email : null,
  roles: doc.roles,
  status: doc.status,
  lastSignInAt: showPersonal ? (doc.lastSignInAt ?? null) : null,
  version: doc.version,
});

@ObjectType()
export class UserConnection extends Connection(User) {}

@ObjectType({ description: 'An invitation; the token is shown once, to the admin who made it' })
export class Invitation {
  @Field(() => ID) id: string;
  @Field(() => String) email: string;
  @Field(() => String) name: string;
  @Field(() => [Role]) roles: Role[];
  @Field(() => Date) expiresAt: Date;
  @Field(() => String, { nullable: true, description: 'Only in the answer to inviteUser' }) token: string | null;
}

@ObjectType()
export class InvitationConnection extends Connection(Invitation) {}

/** The stored invitation as the API shows it; the token exists only in the answer to inviteUser. */
export const toInvitation = (doc: InvitationDoc, token: string | null = null): Invitation => ({
  id: doc._id.toHexString(),
  email: doc.email,
  name: doc.name,
  roles: doc.roles,
  expiresAt: doc.expiresAt,
  token,
});
