/** The one result shape of every server action. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]>; current?: unknown; rowErrors?: RowError[] };

/** A problem in one cell of an uploaded file. */
export interface RowError {
  line: number;
  column: string;
  message: string;
}

/** Raised when a versioned row changed since the user loaded it; carries what is stored now. */
export class ConflictError extends Error {
  constructor(
    message: string,
    public readonly current?: unknown,
  ) {
    super(message);
    this.name = "ConflictError";
  }
}

/** A domain rule refused the input; the message is safe to show. */
export class RuleError extends Error {
  constructor(
    message: string,
    public readonly fieldErrors?: Record<string, string[]>,
    public readonly rowErrors?: RowError[],
  ) {
    super(message);
    this.name = "RuleError";
  }
}
