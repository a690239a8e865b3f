import { getOpenApi } from "@/lib/api/openapi";
import { apiRoute } from "@/lib/api/route";

// Built per request: the document names this server's public address (NEXTAUTH_URL), which is not known at build time.
export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 document, generated from the API's zod schemas (lib/api/openapi.ts). */
export const GET = apiRoute(getOpenApi);
