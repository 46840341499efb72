import { ArrayMaxSize, IsEmail, IsIn, Length, MaxLength, MinLength } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { Role } from '../access/levels.js';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.js';

@InputType()
export class InviteUserInput {
  @Field(() => String) @IsEmail({}, { message: 'must be an e-mail address' }) @MaxLength(254) email: string;
  @Field(() => String) @Length(1, 200) name: string;
  @Field(() => [Role]) @ArrayMaxSize(4) roles: Role[];
}

@InputType()
export class AcceptInvitationInput {
  @Field(() => String) @Length(10, 200) token: string;
  @Field(() => String)
  @MinLength(MIN_PASSWORD_LENGTH, { message: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(200)
  password: string;
}

@InputType()
export class SetUserRolesInput {
  @Field(() => ID) id: string;
  @Field(() => [Role]) @ArrayMaxSize(4) roles: Role[];
  @Field(() => Int, { description: 'The version you read; a stale one gets CONFLICT' }) version: number;
}

@InputType()
export class SetUserStatusInput {
  @Field(() => ID) id: string;
  @Field(() => String) @IsIn(['active', 'disabled']) status: 'active' | 'disabled';
  @Field(() => Int) version: number;
}

@ArgsType()
export class SignInArgs {
  @Field(() => String) @MaxLength(254) email: string;
  @Field(() => String) @MaxLength(200) password: string;
}
