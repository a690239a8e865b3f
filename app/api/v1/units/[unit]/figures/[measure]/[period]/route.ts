import { getFigure, putFigure } from "@/lib/api/figures";
import { apiRoute } from "@/lib/api/route";

/** One figure: read it, or save it idempotently (lib/api/figures.ts). */
export const GET = apiRoute(getFigure);
export const PUT = apiRoute(putFigure);
