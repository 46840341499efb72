import { IsEmail, IsIn, IsOptional, Length, MaxLength, MinLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import { UI_LANGUAGES } from '../common/localized.js';
import { MAX_EMAIL, MAX_NAME, MAX_PASSWORD } from './reader.service.js';

@InputType()
export class SignUpInput {
  @Field(() => String) @IsEmail({}, { message: 'must be an e-mail address' }) @MaxLength(MAX_EMAIL) email: string;
  @Field(() => String)
  @MinLength(MIN_PASSWORD_LENGTH, { message: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(MAX_PASSWORD)
  password: string;
  @Field(() => String) @Length(1, MAX_NAME) name: string;
  @Field(() => String, { nullable: true, description: 'kk, ru or en: the language of the mails' })
  @IsOptional()
  @IsIn(UI_LANGUAGES as unknown as string[])
  locale?: string | null;
}

@InputType()
export class ConfirmEmailInput {
  @Field(() => String, { description: 'From the link in the mail' }) @Length(10, 200) token: string;
  @Field(() => String, { description: 'The password the account was made with' }) @MaxLength(MAX_PASSWORD) password: string;
}
