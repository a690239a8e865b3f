import { departmentDownload } from "../../../_lib/downloads";

/** The published report's data as JSON (latest revision). */
export async function GET(request: Request, { params }: { params: Promise<{ department: string; quarter: string }> }) {
  return departmentDownload(request, "json", await params);
}
