"use client";

export interface DemoAccount {
  email: string;
  who: string;
  scope: string;
}

/** The demo accounts, each with a button that fills in the sign-in form. Shown only in demo and development. */
export function DemoAccounts({
  accounts,
  password,
  onUse,
}: {
  accounts: DemoAccount[];
  password: string;
  onUse: (email: string, password: string) => void;
}) {
  return (
    <aside aria-labelledby="demo-title" className="rounded-md border-2 border-dashed border-line bg-white p-5 sm:p-6">
      <h2 id="demo-title" className="mb-1 text-xl font-bold">
        Demo accounts
      </h2>
      <p className="mb-4 text-ink-muted">
        This is a demonstration. Every account uses the password{" "}
        <code className="rounded-sm bg-line-soft px-1.5 py-0.5 font-mono text-[0.9em] text-ink">{password}</code>.
      </p>
      <ul className="divide-y divide-line-soft border-y border-line-soft">
        {accounts.map((a) => (
          <li key={a.email} className="flex items-center justify-between gap-3 py-2.5">
            <div className="min-w-0 flex-1">
              <p className="font-mono text-sm break-all">{a.email}</p>
              <p className="text-sm text-ink-muted">
                {a.who} · {a.scope}
              </p>
            </div>
            <button
              type="button"
              onClick={() => onUse(a.email, password)}
              className="shrink-0 cursor-pointer rounded-[3px] px-2 py-1 text-sm font-semibold text-accent underline underline-offset-2 hover:text-accent-dark hover:decoration-2"
            >
              Use<span className="sr-only"> {a.email}</span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
