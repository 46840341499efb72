import type { Locale } from '$lib/paraglide/runtime.js';
import type { SessionUser } from '$lib/types.js';

declare global {
  namespace App {
    interface Locals {
      /** The interface language, from the URL prefix (hooks.server.ts redirects URLs without one). */
      lang: Locale;
      /**
       * Who the archive_session cookie belongs to, asked of the API once per request. Known before
       * the route runs on studio pages and form posts only; elsewhere reading it throws: use `session`.
       */
      user: SessionUser | null;
      /** The same, as it arrives: public pages send their query beside it (hooks.server.ts). */
      session: Promise<SessionUser | null>;
      sessionToken: string | null;
      /** Set where the page's own request answers who is signed in (hooks.server.ts, session.ts carriesSession). */
      answerSession?: (session: import('$lib/server/session.js').Session) => void;
      /** Milliseconds this request spent waiting for the API, summed (sent as Server-Timing). */
      apiMs?: number;
      /** On a request the page cache may keep: the view key of each API answer (page-cache.ts). */
      viewKeys?: string[];
    }
    interface Error {
      message: string;
      /** Shown to the visitor so a report can be matched with the server log. */
      reference?: string;
    }
  }
}

export {};
