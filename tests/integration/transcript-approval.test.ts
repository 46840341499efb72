/**
 * Issue 14: a draft transcript (the machine's, or a person's not yet reviewed) is for staff until an
 * editor approves it. Every path that shows a transcript asks the same rule (canReadTranscript):
 * the GraphQL fields, the exports and captions, and search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview } from '../support/factories.js';

let archive: TestArchive;
let interviewId: string;
let editor: string;
let researcher: string;
let teacher: string;
let draftId: string;

const WORD = 'Каскеленбағы';
const VIEW = `query($id: ID!) { interview(id: $id) { transcripts { language status } transcript { language } } }`;
const BY_ID = `query($id: ID!) { transcript(id: $id) { language } }`;
const SEARCH = `query($q: String!) { search(q: $q, first: 10) { total hits { kind interviewId } } }`;

beforeAll(async () => {
  archive = await startTestArchive();
  editor = (await archive.userWithRoles([Role.editor])).token;
  researcher = (await archive.userWithRoles([Role.researcher])).token;
  teacher = (await archive.userWithRoles([Role.teacher])).token;
  interviewId = await storedInterview(archive, { title: 'Machine draft' });
  // What the transcription job leaves: an automatic draft on a published, public interview.
  const draft = await archive.api.services.transcripts.saveAutomaticDraft(interviewId, 'kk', [
    { start: 0, end: 3, text: `${WORD} бақ туралы.` },
  ]);
  draftId = draft.transcript._id.toHexString();
});
afterAll(() => archive?.close());

async function seenBy(token?: string) {
  const view = await archive.gql(VIEW, { id: interviewId }, token);
  const byId = await archive.gql(BY_ID, { id: draftId }, token);
  const vtt = await fetch(`${archive.url}/api/interviews/${interviewId}/transcript.vtt?lang=kk`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const ohms = await fetch(`${archive.url}/api/interviews/${interviewId}/ohms.xml`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  await archive.api.services.search.poll();
  const search = await archive.gql(SEARCH, { q: WORD }, token);
  return {
    listed: view.data?.interview.transcripts.length,
    shown: view.data?.interview.transcript?.language ?? null,
    byId: byId.errors?.[0]?.extensions?.code ?? byId.data?.transcript?.language,
    vtt: vtt.status,
    ohms: (await ohms.text()).includes(WORD),
    search: (search.data as any).search.hits.filter((h: any) => h.kind === 'segment').length,
  };
}

const HIDDEN = { listed: 0, shown: null, byId: 'NOT_FOUND', vtt: 404, ohms: false, search: 0 };
const SHOWN = { listed: 1, shown: 'kk', byId: 'kk', vtt: 200, ohms: true, search: 1 };

describe('an unapproved transcript is for staff', () => {
  it('hides a machine draft from the public and teachers on every path; staff see it', async () => {
    expect(await seenBy()).toEqual(HIDDEN);
    expect(await seenBy(teacher)).toEqual(HIDDEN);
    expect(await seenBy(researcher)).toEqual(SHOWN);
    expect(await seenBy(editor)).toEqual(SHOWN);
  });

  it('shows it to everyone once an editor approves it, and hides it again after an edit until re-approved', async () => {
    const APPROVE = `mutation($id: ID!, $version: Int!) { approveTranscript(id: $id, version: $version) { status version } }`;
    const refused = await archive.gql(APPROVE, { id: draftId, version: 1 }, researcher);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await seenBy()).toEqual(HIDDEN);

    const approved = await archive.gql(APPROVE, { id: draftId, version: 1 }, editor);
    expect(approved.data?.approveTranscript).toEqual({ status: 'approved', version: 2 });
    expect(await seenBy()).toEqual(SHOWN);
    expect(await seenBy(teacher)).toEqual(SHOWN);

    const stored = await archive.db.models.Transcript.findById(draftId).lean();
    const edit = await archive.gql(
      `mutation($input: EditTranscriptInput!) { editTranscript(input: $input) { status } }`,
      { input: { id: draftId, version: 2, changes: [{ segmentId: stored!.segments[0]!._id.toHexString(), text: `${WORD} бағы туралы.` }] } },
      editor,
    );
    expect(edit.data?.editTranscript.status).toBe('corrected');
    expect(await seenBy()).toEqual(HIDDEN);
    expect(await seenBy(researcher)).toEqual(SHOWN);
  });
});
