import { listFigures, postFigures } from "@/lib/api/figures";
import { apiRoute } from "@/lib/api/route";

/** A unit's stored figures over months, and a batch of figures, all or nothing (lib/api/figures.ts). */
export const GET = apiRoute(listFigures);
export const POST = apiRoute(postFigures);
