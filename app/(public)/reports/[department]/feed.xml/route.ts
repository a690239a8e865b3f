import { feedResponse } from "../../_lib/feed-response";

/** The Atom feed of one department's published reports and corrections (e.g. /reports/coo/feed.xml). No sign-in. */
export async function GET(request: Request, { params }: { params: Promise<{ department: string }> }) {
  return feedResponse(request, (await params).department);
}
