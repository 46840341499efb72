import { Length, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType } from 'type-graphql';

@InputType({ description: 'A picture for an image block: refused before any byte is sent when of another type or too big' })
export class CollectionImageUploadInput {
  @Field(() => ID) collectionId: string;
  @Field(() => String, { description: 'image/jpeg, image/png or image/webp' }) @Length(3, 100) contentType: string;
  @Field(() => Float, { description: 'Bytes; at most IMAGE_MAX_BYTES' }) @Min(1) @Max(Number.MAX_SAFE_INTEGER) size: number;
}
