/**
 * Every kind of job, and the payload it carries. The queue, the handlers and the API are typed from
 * this one map, so enqueueing a job with the wrong payload, or a handler for a job that does not
 * exist, fails to compile.
 *
 * Payloads hold ids, never documents: a job may run hours later or twice, so the handler re-reads
 * the current state and decides (idempotent handlers).
 */
export interface JobPayloads {
  /** Size and SHA-256 of an uploaded master compared with what the client declared; content sniffed. */
  'verify-upload': { mediaAssetId: string };
  /** Duration, codecs, channels and sample rate into the media record. */
  'probe-media': { mediaAssetId: string };
  /**
   * Web audio/video, waveform peaks and the 16 kHz WAV for transcription, all regenerable; and the
   * audience copies with restricted passages silenced. `cutsOnly`: restrictions changed, keep the
   * full copy if it is there.
   */
  'make-access-copies': { mediaAssetId: string; cutsOnly?: boolean; restrictions?: string };
  /** A draft transcript; `language` is the interview's (never silently translated), null = detect. */
  transcribe: { interviewId: string; mediaAssetId: string; language: string | null };
  /** Feeds the search module after metadata or transcripts change. */
  'index-interview': { interviewId: string };
  /** Expired sessions and stale sign-in counters (FerretDB has no TTL index). */
  'sweep-sessions': Record<string, never>;
  /** Multipart uploads left unfinished for a day: marked failed and aborted in storage. */
  'sweep-uploads': Record<string, never>;
  /** The change log below what the slowest API instance still needs, and finished edit claims. */
  'sweep-logs': Record<string, never>;
  /** Each interview's list of its transcripts and media, listed again from what is stored (interviews/interview-parts.ts). */
  'repair-interview-parts': Record<string, never>;
  /**
   * Re-reads stored masters and access copies and compares their SHA-256 with the recorded one:
   * every ready file not checked since `checkedBefore` (ISO date), so a rerun after a crash goes on
   * where the last one stopped.
   */
  'check-fixity': { checkedBefore: string };
  /**
   * One mail to one person (mail/mail-jobs.ts): the handler re-reads what the mail is about, writes it
   * in the person's language and sends it through the Mailer; SMTP being down delays it, never the
   * change it tells of.
   */
  'send-mail': MailJob;
  /**
   * After a withdrawal: the interview's open grants are ended (the policy closed them already at the
   * withdrawal; this records it on each request) and each requester is mailed.
   */
  'end-grants': { interviewId: string; withdrawnAt: string };
  /**
   * Test-only: a slow job that reports progress and records its side effect, used by the crash test.
   * Only a worker started with ARCHIVE_TEST_HANDLERS=1 has a handler for it; production workers never
   * lease it.
   */
  'test-slow': { steps: number; stepMs: number };
}

/** What a 'send-mail' job tells of; ids only, so the mail says what is true when it is sent. */
export type MailJob =
  | { mail: 'confirm'; confirmationId: string }
  | { mail: 'already-registered'; userId: string; locale: string }
  | { mail: 'access-decision'; requestId: string; state: 'granted' | 'refused' | 'ended' };

export type JobType = keyof JobPayloads;

/**
 * Jobs that take seconds and that people wait on (mail) or that keep the archive consistent: each
 * worker runs them in a lane of their own (ingest/src/worker.ts), never behind a transcription.
 */
export const QUICK_JOBS: readonly JobType[] = ['send-mail', 'end-grants', 'index-interview', 'sweep-sessions', 'sweep-uploads', 'sweep-logs'];
export type JobPayload<T extends JobType> = JobPayloads[T];

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** How an attempt ended, kept in the job's short history. */
export const ATTEMPT_OUTCOMES = ['succeeded', 'skipped', 'failed', 'lost', 'released', 'cancelled'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/**
 * Attempts before a job is given up. Transcription is long and rarely fixed by a retry; verification
 * and probing are cheap and mostly fail because storage blinked.
 */
export const DEFAULT_MAX_ATTEMPTS: { [T in JobType]: number } = {
  'verify-upload': 5,
  'probe-media': 5,
  'make-access-copies': 4,
  transcribe: 3,
  'index-interview': 5,
  'sweep-sessions': 3,
  'sweep-uploads': 3,
  'check-fixity': 5,
  'sweep-logs': 3,
  'repair-interview-parts': 3,
  // An SMTP outage may last: with the backoff (5 s doubling to 15 min) twelve attempts span about 1.5 h.
  'send-mail': 12,
  'end-grants': 5,
  'test-slow': 3,
};

/** What a worker holds while it runs a job; every write it makes is fenced by `seq`. */
export interface Lease {
  jobId: string;
  workerId: string;
  seq: number;
  attempt: number;
  startedAt: Date;
}

export interface LeasedJob<T extends JobType = JobType> {
  id: string;
  type: T;
  payload: JobPayload<T>;
  interviewId: string | null;
  attempt: number;
  maxAttempts: number;
  lease: Lease;
}

/** What a handler returns: done, or nothing to do (with the reason shown in the pipeline). */
export type JobOutcome = { status: 'succeeded'; result?: Record<string, unknown> } | { status: 'skipped'; reason: string };

export type FailOutcome = 'retrying' | 'failed' | 'lost';

export interface Progress {
  percent: number;
  message?: string | null;
}
