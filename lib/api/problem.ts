import type { z } from "zod";

/**
 * Errors of /api/v1 as RFC 9457 problem details (`application/problem+json`). Each kind of refusal
 * has its own `type` URI (documented at /api/v1/docs#errors) and HTTP status, so that a client can
 * tell a missing token (401) from a unit out of the token's scope (403), an unknown unit, measure
 * or period (404), a figure changed since the version sent (409) and invalid input (422).
 */

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The kinds of problem, with their status and title (the title is the same for every instance of a kind). */
export const PROBLEM_TYPES = {
  "bad-request": { status: 400, title: "The request could not be read" },
  unauthorized: { status: 401, title: "A valid API token is needed" },
  forbidden: { status: 403, title: "This token may not do that" },
  "not-found": { status: 404, title: "Not found" },
  conflict: { status: 409, title: "The figure has changed since the version sent" },
  "too-large": { status: 413, title: "The request is too large" },
  invalid: { status: 422, title: "The request has problems" },
  "rate-limited": { status: 429, title: "Too many requests" },
  "server-error": { status: 500, title: "Something went wrong" },
  unavailable: { status: 503, title: "The service is unavailable just now" },
} as const;

export type ProblemKind = keyof typeof PROBLEM_TYPES;

/** The documentation address of a problem type: relative, so that it resolves against whichever host served it. */
export const problemTypeUri = (kind: ProblemKind) => `/api/v1/docs#problem-${kind}`;

/** One field's problem: `path` is a JSON Pointer into the body ("/figures/2/value"), or the name of the path or query parameter or header. */
export interface FieldProblem {
  path: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** Thrown anywhere below a route handler; apiRoute (./route.ts) turns it into the response. */
export class ApiProblem extends Error {
  constructor(
    public readonly kind: ProblemKind,
    detail: string,
    public readonly extra: { errors?: FieldProblem[]; headers?: Record<string, string>; [extension: string]: unknown } = {},
  ) {
    super(detail);
    this.name = "ApiProblem";
  }

  get status(): number {
    return PROBLEM_TYPES[this.kind].status;
  }

  body(): ProblemBody {
    const { headers: _headers, ...extensions } = this.extra;
    void _headers;
    const { status, title } = PROBLEM_TYPES[this.kind];
    return { type: problemTypeUri(this.kind), title, status, detail: this.message, ...extensions };
  }
}

/** The response of a problem: never cached, since it describes this request. */
export function problemResponse(problem: ApiProblem): Response {
  return new Response(JSON.stringify(problem.body()), {
    status: problem.status,
    headers: { "Content-Type": PROBLEM_CONTENT_TYPE, "Cache-Control": "no-store", ...problem.extra.headers },
  });
}

/** A JSON Pointer (RFC 6901) to a body field, from zod's path: ["figures", 2, "value"] → "/figures/2/value". */
export function pointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** zod's issues as field problems; an unknown field is named on its own path. */
export function fieldProblems(error: z.ZodError, where: (path: readonly PropertyKey[]) => string = pointer): FieldProblem[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: where([...issue.path, key]), message: "Remove this field: it is not one this endpoint takes" }))
      : [{ path: where(issue.path), message: issue.message }],
  );
}

/** 422 from a failed safeParse; `where` names the fields (a pointer into the body by default, or the parameter name). */
export function invalid(error: z.ZodError, detail = "Nothing was saved: correct the fields listed in errors.", where?: (path: readonly PropertyKey[]) => string): ApiProblem {
  return new ApiProblem("invalid", detail, { errors: fieldProblems(error, where) });
}

/** A query or path parameter's problems: named by the parameter, not a body pointer. */
export const parameterName = (path: readonly PropertyKey[]) => path.map(String).join(".");
