import { listPublishedReports } from "@/lib/api/published";
import { apiRoute } from "@/lib/api/route";

/** Published quarterly reports; no token needed (lib/api/published.ts). */
export const GET = apiRoute(listPublishedReports);
