import { feedResponse } from "../_lib/feed-response";

// Per request: the newest revisions are read from Postgres each time, never from a build-time copy.
export const dynamic = "force-dynamic";

/** The Atom feed of every department's published reports and corrections, newest first. No sign-in. */
export async function GET(request: Request) {
  return feedResponse(request, null);
}
