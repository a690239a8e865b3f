import { departmentDownload } from "../../../../../_lib/downloads";

/** One revision's data as CSV, as it was published. */
export async function GET(request: Request, { params }: { params: Promise<{ department: string; quarter: string; revision: string }> }) {
  return departmentDownload(request, "csv", await params);
}
