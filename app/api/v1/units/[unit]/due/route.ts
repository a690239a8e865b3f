import { getDue } from "@/lib/api/due";
import { apiRoute } from "@/lib/api/route";

/** The measures due for a unit in a month (lib/api/due.ts). */
export const GET = apiRoute(getDue);
