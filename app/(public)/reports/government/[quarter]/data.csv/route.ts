import { governmentDownload } from "../../../_lib/downloads";

/** The cross-government report's data as CSV: every department's latest published revision. */
export async function GET(request: Request, { params }: { params: Promise<{ quarter: string }> }) {
  return governmentDownload(request, "csv", await params);
}
