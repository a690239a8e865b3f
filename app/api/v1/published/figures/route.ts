import { getPublishedFigures } from "@/lib/api/published";
import { apiRoute } from "@/lib/api/route";

/** A published report's figures as frozen at publication; no token needed (lib/api/published.ts). */
export const GET = apiRoute(getPublishedFigures);
