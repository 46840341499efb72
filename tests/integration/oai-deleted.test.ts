import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';
import { storedInterview } from '../support/factories.js';

/**
 * Harvesters learn of a withdrawal or an unpublication from OAI-PMH deleted records
 * (deletedRecord: transient); interviews that were never public stay unmentioned.
 */
let archive: TestArchive;
let editor: { token: string };
beforeAll(async () => {
  archive = await startTestArchive();
  editor = await archive.userWithRoles([Role.editor]);
});
afterAll(() => archive?.close());

const host = new URL('http://localhost:3000').hostname;
const oai = async (query: string) => (await fetch(`${archive.url}/oai?${query}`)).text();
const headerOf = (xml: string, id: string) => new RegExp(`<header( status="deleted")?><identifier>oai:${host}:interview/${id}</identifier>`).exec(xml);

describe('OAI-PMH deleted records', () => {
  it('says deletedRecord transient, and lists withdrawn and unpublished interviews as deleted, without metadata', async () => {
    expect(await oai('verb=Identify')).toContain('<deletedRecord>transient</deletedRecord>');
    const staying = await storedInterview(archive, { title: 'Staying' });
    const withdrawn = await storedInterview(archive, { title: 'Withdrawn later' });
    const unpublished = await storedInterview(archive, { title: 'Unpublished later' });
    const neverPublic = await storedInterview(archive, { accessLevel: 'research', title: 'Never public' });
    const draft = await storedInterview(archive, { status: 'draft', title: 'A draft never published' });

    const before = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    for (const id of [staying, withdrawn, unpublished]) expect(headerOf(before, id)?.[1]).toBeUndefined();

    const w = await archive.gql(`mutation($input: WithdrawInput!) { withdrawInterview(input: $input) { id } }`, { input: { id: withdrawn, reason: 'The narrator asked', version: 1 } }, editor.token);
    expect(w.errors).toBeUndefined();
    const u = await archive.gql(`mutation($input: SetStatusInput!) { setInterviewStatus(input: $input) { id } }`, { input: { id: unpublished, status: 'draft', version: 1 } }, editor.token);
    expect(u.errors).toBeUndefined();

    const ids = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    expect(headerOf(ids, staying)?.[1]).toBeUndefined();
    expect(headerOf(ids, withdrawn)?.[1]).toBe(' status="deleted"');
    expect(headerOf(ids, unpublished)?.[1]).toBe(' status="deleted"');
    expect(ids).not.toContain(neverPublic);
    expect(ids).not.toContain(draft);
    expect(ids).toContain('completeListSize="3"');

    const records = await oai('verb=ListRecords&metadataPrefix=oai_dc');
    expect(records).toContain('Staying');
    expect(records).not.toContain('Withdrawn later');
    expect(records).not.toContain('Unpublished later');
    const one = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:${host}:interview/${withdrawn}`);
    expect(one).toMatch(/<record><header status="deleted">[^]*<\/header><\/record>/);
    expect(one).not.toContain('<metadata>');
    expect(await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:${host}:interview/${neverPublic}`)).toContain('idDoesNotExist');

    // Published again, the record comes back in full.
    const again = await archive.gql(`mutation($input: SetStatusInput!) { setInterviewStatus(input: $input) { id } }`, { input: { id: unpublished, status: 'published', version: 2 } }, editor.token);
    expect(again.errors).toBeUndefined();
    expect(headerOf(await oai('verb=ListIdentifiers&metadataPrefix=oai_dc'), unpublished)?.[1]).toBeUndefined();
    expect(await archive.db.models.Interview.findById(unpublished).lean()).toMatchObject({ unpublishedAt: null });
  });
});
