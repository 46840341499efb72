/**
 * OAI-PMH 2.0 (https://www.openarchives.org/OAI/openarchivesprotocol.html) with Dublin Core records,
 * for catalogue harvesters. Harvesting is anonymous, so records are exactly what the public may
 * see: the same visibility filter as everywhere else, applied before paging and counting.
 */
import { Router, type Request, type Response } from 'express';
import { Types } from 'mongoose';
import { ANONYMOUS } from '../access/actor.js';
import { canViewInterview, goneFromPublicFilter, interviewVisibilityFilter } from '../access/policy.js';
import type { Config } from '../config.js';
import type { RouteCache } from '../cache/route-cache.js';
import type { Models } from '../db/models.js';
import type { Reads } from '../db/reads.js';
import { readsOf } from '../http/reads.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import { dcElementsXml, dublinCore, escapeXml as esc, OAI_DC_OPEN } from './dublin-core.js';

const PAGE = 100;
const DC_PREFIX = 'oai_dc';

const utc = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

class OaiError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

interface Token {
  after?: string;
  from?: string;
  until?: string;
}

const encodeToken = (t: Token) => Buffer.from(JSON.stringify(t)).toString('base64url');
function decodeToken(raw: string): Token {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString()) as Token;
    if (t.after && !Types.ObjectId.isValid(t.after)) throw new Error();
    return t;
  } catch {
    throw new OaiError('badResumptionToken', 'The resumption token is not one this repository issued');
  }
}

function parseDate(name: string, raw: unknown, endOfDay: boolean): Date | undefined {
  if (raw === undefined) return undefined;
  const value = String(raw);
  const m = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/.exec(value);
  if (!m) throw new OaiError('badArgument', `${name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ`);
  return new Date(m[1] ? value : `${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`);
}

export function oaiRoutes(models: Models, config: Config, cache: RouteCache): Router {
  const router = Router();
  const host = new URL(config.siteUrl).hostname;
  const identifier = (id: string) => `oai:${host}:interview/${id}`;
  const base = `${config.siteUrl}/oai`;

  /** Deleted: the public could harvest it once and no longer may (withdrawn or unpublished). */
  const isGone = (doc: InterviewDoc) => !canViewInterview(ANONYMOUS, doc);

  function header(doc: InterviewDoc) {
    if (isGone(doc)) {
      return `<header status="deleted"><identifier>${esc(identifier(doc._id.toHexString()))}</identifier><datestamp>${utc(doc.updatedAt)}</datestamp></header>`;
    }
    return `<header><identifier>${esc(identifier(doc._id.toHexString()))}</identifier><datestamp>${utc(doc.updatedAt)}</datestamp></header>`;
  }

  async function record(doc: InterviewDoc, reads: Reads) {
    if (isGone(doc)) return `<record>${header(doc)}</record>`;
    const dc = dcElementsXml(await dublinCore(reads, doc, config.siteUrl));
    return `<record>${header(doc)}<metadata>${OAI_DC_OPEN}${dc}</oai_dc:dc></metadata></record>`;
  }

  /**
   * What harvesters see: public records, and deleted records of those gone from the public.
   * `transient`: a deleted record is not promised forever (an editor may close its level later).
   */
  const harvestable = () => ({ $or: [interviewVisibilityFilter(ANONYMOUS), goneFromPublicFilter()] });

  async function list(args: Record<string, unknown>, full: boolean, reads: Reads) {
    let token: Token = {};
    if (args.resumptionToken !== undefined) {
      if (Object.keys(args).some((k) => k !== 'verb' && k !== 'resumptionToken')) {
        throw new OaiError('badArgument', 'resumptionToken is an exclusive argument');
      }
      token = decodeToken(String(args.resumptionToken));
    } else {
      if (args.metadataPrefix !== DC_PREFIX) throw new OaiError('cannotDisseminateFormat', 'Only oai_dc is offered');
      if (args.set !== undefined) throw new OaiError('noSetHierarchy', 'This repository has no sets');
      token = { from: args.from as string | undefined, until: args.until as string | undefined };
    }
    const from = parseDate('from', token.from, false);
    const until = parseDate('until', token.until, true);
    const clauses: Record<string, unknown>[] = [harvestable()];
    if (from) clauses.push({ updatedAt: { $gte: from } });
    if (until) clauses.push({ updatedAt: { $lte: until } });
    const total = await models.Interview.countDocuments({ $and: clauses });
    if (token.after) clauses.push({ _id: { $gt: new Types.ObjectId(token.after) } });
    const docs = await models.Interview.find({ $and: clauses }).sort({ _id: 1 }).limit(PAGE + 1).lean<InterviewDoc[]>();
    if (!docs.length && !token.after) throw new OaiError('noRecordsMatch', 'No public or deleted records match');
    const page = docs.slice(0, PAGE);
    const items = full ? await Promise.all(page.map((doc) => record(doc, reads))) : page.map(header);
    const next = docs.length > PAGE ? encodeToken({ ...token, after: page[page.length - 1]!._id.toHexString() }) : '';
    return `${items.join('')}<resumptionToken completeListSize="${total}">${next}</resumptionToken>`;
  }

  async function answer(args: Record<string, unknown>, reads: Reads): Promise<string> {
    switch (args.verb) {
      case 'Identify':
        return `<Identify><repositoryName>History of the ethnic groups of Almaty — oral history archive</repositoryName><baseURL>${esc(base)}</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>archive@${esc(host)}</adminEmail><earliestDatestamp>2000-01-01T00:00:00Z</earliestDatestamp><deletedRecord>transient</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify>`;
      case 'ListMetadataFormats':
        return `<ListMetadataFormats><metadataFormat><metadataPrefix>oai_dc</metadataPrefix><schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema><metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace></metadataFormat></ListMetadataFormats>`;
      case 'ListSets':
        throw new OaiError('noSetHierarchy', 'This repository has no sets');
      case 'ListIdentifiers':
        return `<ListIdentifiers>${await list(args, false, reads)}</ListIdentifiers>`;
      case 'ListRecords':
        return `<ListRecords>${await list(args, true, reads)}</ListRecords>`;
      case 'GetRecord': {
        if (args.metadataPrefix !== DC_PREFIX) throw new OaiError('cannotDisseminateFormat', 'Only oai_dc is offered');
        const m = /^oai:[^:]+:interview\/([0-9a-f]{24})$/.exec(String(args.identifier ?? ''));
        const doc = m
          ? await reads.interviews.first({ $and: [harvestable(), { _id: new Types.ObjectId(m[1]) }] })
          : null;
        // A restricted record answers exactly like a missing one.
        if (!doc) throw new OaiError('idDoesNotExist', 'No public record has that identifier');
        return `<GetRecord>${await record(doc, reads)}</GetRecord>`;
      }
      default:
        throw new OaiError('badVerb', 'The verb is missing or not an OAI-PMH verb');
    }
  }

  const handle = async (req: Request, res: Response) => {
    const args = { ...(req.query as Record<string, unknown>), ...((req.body as Record<string, unknown>) ?? {}) };
    const attrs = Object.entries(args)
      .filter(([, v]) => typeof v === 'string')
      .map(([k, v]) => ` ${k.replace(/[^A-Za-z]/g, '')}="${esc(String(v))}"`)
      .join('');
    // The harvest is the public's (OAI-PMH has no sign-in): kept by the route cache; only the
    // responseDate is written per response.
    const { body } = await cache.reply(req, true, async () => {
      try {
        return { body: `<request${attrs}>${esc(base)}</request>${await answer(args, readsOf(res))}` };
      } catch (err) {
        if (!(err instanceof OaiError)) throw err;
        // An error response echoes only the base URL for badVerb/badArgument, as the protocol asks.
        return { body: `<request>${esc(base)}</request><error code="${err.code}">${esc(err.message)}</error>` };
      }
    });
    res.type('text/xml; charset=utf-8').send(
      `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"><responseDate>${utc(new Date())}</responseDate>${body}</OAI-PMH>`,
    );
  };
  router.get('/oai', handle);
  return router;
}
