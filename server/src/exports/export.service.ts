import type { Actor } from '../access/actor.js';
import { canViewPart } from '../access/policy.js';
import { type Localized, type UiLanguage, pickLocalized } from '../common/localized.js';
import type { Models } from '../db/models.js';
import { createReads, type Reads } from '../db/reads.js';
import { NotFoundError, PreparingError } from '../errors.js';
import type { InterviewDoc } from '../interviews/interview.model.js';
import type { InterviewService } from '../interviews/interview.service.js';
import type { MediaAssetDoc } from '../interviews/media-asset.model.js';
import { type ViewerCopy, viewerCopy } from '../media/viewer-copy.js';
import type { Storage } from '../storage/storage.js';
import { chooseTranscript } from '../transcripts/transcript-choice.js';
import type { IndexEntry, InterviewMeta, TranscriptSegment } from '../../../shared/formats/model.js';

export interface ExportedTranscript {
  interview: InterviewDoc;
  language: string;
  segments: TranscriptSegment[];
}

/**
 * How long a presigned media link lives (docs/decisions/media-links.md): the player asks the stable
 * redirect route again when a link runs out, so this bounds how long a copied link plays after a
 * withdrawal or a new restriction.
 */
export const MEDIA_LINK_SECONDS = 60;

const dateOnly = (d?: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/**
 * What the export routes (VTT, SRT, text, OHMS, IIIF, OAI) read: always through the interview
 * service's access check, and with restricted passages and chapters left out for this viewer.
 */
export class ExportService {
  constructor(
    private readonly models: Models,
    private readonly storage: Storage,
    private readonly interviews: InterviewService,
  ) {}

  /** Reads of their own for a caller outside a request (a class link's check, a bag export). */
  private reads(): Reads {
    return createReads(this.models);
  }

  /**
   * The transcript the viewer is shown (transcript-choice.ts): exactly the language asked for, or
   * without one, the same one the interview page shows. `optional`: an interview without one still
   * exports its record and index (OHMS, IIIF).
   */
  async transcript(actor: Actor, interviewId: string, language?: string, optional = false, reads = this.reads()): Promise<ExportedTranscript> {
    const interview = await this.interviews.get(actor, interviewId, reads);
    const transcripts = await reads.transcripts.ofInterview(interview._id);
    const chosen = chooseTranscript(actor, interview, transcripts, language, { exact: Boolean(language) });
    if (!chosen && optional) return { interview, language: language ?? interview.languages[0] ?? 'und', segments: [] };
    if (!chosen) throw new NotFoundError(language ? `A ${language} transcript` : 'A transcript');
    const segments = chosen.segments
      .filter((s) => canViewPart(actor, interview, s.accessLevel))
      .map((s) => ({ start: s.start, end: s.end, speaker: s.speaker ?? null, text: s.text }));
    return { interview, language: chosen.language, segments };
  }

  index(actor: Actor, interview: InterviewDoc, lang: UiLanguage): IndexEntry[] {
    return interview.indexSegments
      .filter((s) => canViewPart(actor, interview, s.accessLevel))
      .map((s) => ({
        start: s.start,
        end: s.end ?? null,
        title: pickLocalized(s.title, lang) ?? '',
        synopsis: pickLocalized(s.synopsis, lang) ?? '',
        keywords: s.keywords,
      }));
  }

  async meta(interview: InterviewDoc, lang: UiLanguage, siteUrl: string, reads = this.reads()): Promise<InterviewMeta> {
    const narrators = await reads.narrators.getMany(interview.narratorIds);
    const titles = Object.fromEntries(
      Object.entries(interview.title ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
    );
    return {
      id: interview._id.toHexString(),
      title: pickLocalized(interview.title, lang) ?? '',
      titleTranslations: titles,
      narrators: narrators.map((n) => pickLocalized(n.displayName as Localized, lang) ?? ''),
      interviewers: interview.interviewers.map((i) => i.name),
      date: dateOnly(interview.recordedOn),
      languages: interview.languages,
      duration: interview.durationSeconds ?? null,
      summary: pickLocalized(interview.summary, lang) ?? null,
      rights: rightsStatement(interview),
      repository: 'History of the ethnic groups of Almaty',
      mediaUrl: `${siteUrl}/api/interviews/${interview._id.toHexString()}/media`,
    };
  }

  /** What this viewer plays of an interview they may see: the copy cut for their audience, if ready. */
  viewerCopy(actor: Actor, interview: InterviewDoc, reads = this.reads()): Promise<ViewerCopy> {
    return viewerCopy(reads, actor, interview);
  }

  /** The playable access copy for this viewer (audio, or video for video masters), if one is ready. */
  async accessCopy(actor: Actor, interview: InterviewDoc, reads = this.reads()): Promise<MediaAssetDoc | null> {
    return (await this.viewerCopy(actor, interview, reads)).copy;
  }

  /** The waveform peaks of what this viewer plays, after the same access check as the recording itself. */
  async waveform(actor: Actor, interviewId: string, reads = this.reads()): Promise<MediaAssetDoc> {
    const interview = await this.interviews.get(actor, interviewId, reads);
    const chosen = await this.viewerCopy(actor, interview, reads);
    if (!chosen.waveform) throw chosen.preparing ? new PreparingError() : new NotFoundError('A waveform');
    return chosen.waveform;
  }

  /**
   * The stored bytes of a derivative the caller has already been allowed (see waveform): read whole,
   * since peaks are small (about 150 KB for three hours) and the route cache keeps them.
   */
  async assetBytes(asset: MediaAssetDoc): Promise<Buffer> {
    return Buffer.from(await this.storage.getBytes(asset.key));
  }

  /** A presigned link to the copy cut for this viewer; see docs/decisions/media-links.md for its lifetime. */
  async mediaUrl(actor: Actor, interviewId: string, reads = this.reads(), expiresInSeconds = MEDIA_LINK_SECONDS): Promise<string> {
    const interview = await this.interviews.get(actor, interviewId, reads);
    const chosen = await this.viewerCopy(actor, interview, reads);
    if (!chosen.copy) throw chosen.preparing ? new PreparingError() : new NotFoundError('A playable recording');
    return this.storage.presignGet(chosen.copy.key, expiresInSeconds);
  }
}

/** A plain statement of what the release allows, for OHMS, IIIF and Dublin Core. */
export function rightsStatement(interview: InterviewDoc): string {
  const permits = interview.release?.permits;
  const base = 'Oral history recorded for "History of the ethnic groups of Almaty". ';
  if (permits === 'public') return `${base}The narrator's release allows public access for study, teaching and personal use.`;
  if (permits === 'education') return `${base}The narrator's release allows educational use only.`;
  return `${base}Access restricted by the narrator's release.`;
}
