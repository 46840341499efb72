/**
 * An interview's Dublin Core record, built once and written two ways: as the `oai_dc` XML of the
 * OAI-PMH feed and of the preservation bags, and as JSON in the bags. Callers decide who may see
 * the interview; this only describes it.
 */
import { type Localized, UI_LANGUAGES } from '../common/localized.js';
import type { Reads } from '../db/reads.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import { rightsStatement } from './export.service.js';

export interface DcElement {
  element: 'title' | 'creator' | 'contributor' | 'subject' | 'description' | 'date' | 'language' | 'type' | 'identifier' | 'rights';
  value: string;
  lang?: string;
}

/** `reads`: the request's, so a page of records reads its narrators and terms in one query each. */
export async function dublinCore(reads: Pick<Reads, 'narrators' | 'terms'>, doc: InterviewDoc, siteUrl: string): Promise<DcElement[]> {
  const [narrators, terms] = await Promise.all([reads.narrators.getMany(doc.narratorIds), reads.terms.getMany(doc.tagIds)]);
  const localized = (element: DcElement['element'], v?: Localized | null): DcElement[] =>
    UI_LANGUAGES.filter((l) => v?.[l]).map((l) => ({ element, lang: l, value: String(v![l]) }));
  return [
    ...localized('title', doc.title),
    ...narrators.map((n): DcElement => ({ element: 'creator', value: n.displayName?.en || n.displayName?.ru || n.displayName?.kk || '' })),
    ...doc.interviewers.map((i): DcElement => ({ element: 'contributor', value: i.name })),
    ...terms.flatMap((t) => localized('subject', t.labels)),
    ...localized('description', doc.summary),
    ...(doc.recordedOn ? [{ element: 'date', value: doc.recordedOn.toISOString().slice(0, 10) } as DcElement] : []),
    ...doc.languages.map((l): DcElement => ({ element: 'language', value: l })),
    { element: 'type', value: 'Sound' },
    { element: 'identifier', value: `${siteUrl}/interviews/${doc._id.toHexString()}` },
    { element: 'rights', value: rightsStatement(doc) },
  ];
}

export const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The elements as `<dc:…>` lines, to go inside an `oai_dc:dc` element. */
export const dcElementsXml = (elements: readonly DcElement[]) =>
  elements.map((e) => `<dc:${e.element}${e.lang ? ` xml:lang="${e.lang}"` : ''}>${escapeXml(e.value)}</dc:${e.element}>`).join('');

export const OAI_DC_OPEN =
  '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">';
