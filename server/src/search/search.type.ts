import { Max, Min, IsOptional, Length, ArrayMaxSize } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalizedText } from '../common/localized.js';

export enum SearchSort {
  relevance = 'relevance',
  date = 'date',
  date_asc = 'date_asc',
}
registerEnumType(SearchSort, { name: 'SearchSort' });

@InputType({ description: 'Within one facet any value matches; across facets all must' })
export class SearchFiltersInput {
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(50) ethnicGroups?: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(50) eras?: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(50) places?: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(50) topics?: string[];
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(20) languages?: string[];
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(20) narratorRoles?: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(50) collections?: string[];
  @Field(() => [String], { nullable: true, description: 'segment, indexSegment, interview, narrator, collection' })
  @IsOptional()
  kinds?: string[];
  @Field(() => Date, { nullable: true }) @IsOptional() recordedFrom?: Date;
  @Field(() => Date, { nullable: true }) @IsOptional() recordedTo?: Date;
}

@ArgsType()
export class SearchArgs {
  @Field(() => String, { description: 'Words in any script; "quotes" for a phrase' }) @Length(1, 300) q: string;
  @Field(() => SearchFiltersInput, { nullable: true }) @IsOptional() filters?: SearchFiltersInput;
  @Field(() => SearchSort, { defaultValue: SearchSort.relevance }) sort: SearchSort = SearchSort.relevance;
  @Field(() => Int, { defaultValue: 20 }) @Min(1) @Max(100) first: number = 20;
  @Field(() => Int, { defaultValue: 0 }) @Min(0) @Max(10_000) offset: number = 0;
}

@ObjectType()
export class Highlight {
  @Field(() => Int) start: number;
  @Field(() => Int) end: number;
}

@ObjectType({ description: 'One place the words were found, with the moment it is said' })
export class SearchHit {
  @Field(() => String, { description: 'segment, indexSegment, interview, narrator, collection' }) kind: string;
  @Field(() => ID, { nullable: true }) interviewId: string | null;
  @Field(() => ID, { nullable: true }) segmentId: string | null;
  @Field(() => ID, { nullable: true }) narratorId: string | null;
  @Field(() => ID, { nullable: true }) collectionId: string | null;
  @Field(() => Float, { nullable: true, description: 'Seconds: open the player here' }) start: number | null;
  @Field(() => Float, { nullable: true }) end: number | null;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field(() => String) snippet: string;
  @Field(() => [Highlight], { description: 'Offsets of the matched words in snippet' }) highlights: Highlight[];
  @Field(() => String, { nullable: true, description: 'Site path that opens the hit (the player at the second)' }) path: string | null;
  @Field(() => Float) score: number;
  /** Not in the schema: for a narrator hit, the interviews naming them as indexed (types.ts). */
  narratorInterviewIds?: string[];
}

@ObjectType()
export class FacetValue {
  @Field(() => String) value: string;
  @Field(() => LocalizedText, { nullable: true, description: 'Vocabulary label (term facets) or collection title (collections facet)' }) label: LocalizedText | null;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'Counts over the hits the viewer may see, after the filters' })
export class Facet {
  @Field(() => String) name: string;
  @Field(() => [FacetValue]) values: FacetValue[];
}

@ObjectType()
export class SearchResult {
  @Field(() => Int) total: number;
  @Field(() => [SearchHit]) hits: SearchHit[];
  @Field(() => [Facet]) facets: Facet[];
  @Field(() => [ID], { description: 'Vocabulary terms the query named, in any spelling' }) vocabularyMatches: string[];
}
