import { ArrayMaxSize, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A recording to upload straight to storage; refused here, before any byte is sent, when too big or of a type the archive does not take' })
export class StartUploadInput {
  @Field(() => ID) interviewId: string;
  @Field(() => String) @Length(1, 255) fileName: string;
  @Field(() => Float, { description: 'Bytes' }) @Min(1) @Max(Number.MAX_SAFE_INTEGER) size: number;
  @Field(() => String) @Length(3, 100) contentType: string;
  @Field(() => String, { nullable: true, description: 'Hex SHA-256 if the client computed it; verified after upload' })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hexadecimal characters' })
  sha256?: string | null;
}

@InputType()
export class PartUrlsInput {
  @Field(() => ID) assetId: string;
  @Field(() => [Int]) @ArrayMaxSize(100) @IsInt({ each: true }) partNumbers: number[];
}

@InputType()
export class RecordPartInput {
  @Field(() => ID) assetId: string;
  @Field(() => Int) @IsInt() @Min(1) partNumber: number;
  @Field(() => String) @Length(1, 200) etag: string;
  @Field(() => Float) @Min(0) size: number;
}
