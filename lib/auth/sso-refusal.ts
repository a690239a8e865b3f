/**
 * Why a single sign-on was refused, as the sign-in page says it (client-safe; the reasons are decided
 * in lib/auth/sso-sign-in.ts). These messages go only to the person who has just signed in with the
 * provider: the error code in the address says nothing about any account, and the address they
 * signed in with reaches the page in a short-lived cookie of their own browser (sso-refusal-cookie.ts).
 */
export const SSO_REFUSALS = ["no_email", "no_account", "disabled"] as const;
export type SsoRefusal = (typeof SSO_REFUSALS)[number];

/** The sign-in page's `?error=` code of each refusal. */
export const SSO_REFUSAL_CODES: Record<SsoRefusal, string> = {
  no_email: "SsoNoEmail",
  no_account: "SsoNoAccount",
  disabled: "SsoDisabled",
};

/** The refusal an error code stands for, or null. */
export function ssoRefusalOfCode(code: string): SsoRefusal | null {
  return SSO_REFUSALS.find((r) => SSO_REFUSAL_CODES[r] === code) ?? null;
}

/** The sign-in page's message for a refusal; `email` is the address the provider gave, when the page knows it. */
export function ssoRefusalMessage(refusal: SsoRefusal, email: string | null): string {
  switch (refusal) {
    case "no_email":
      return "Single sign-on did not give Baseline your email address, so Baseline cannot tell which account is yours. Ask a Baseline administrator to have the sign-in service send it, or sign in with your email address and password.";
    case "no_account":
      return email
        ? `No Baseline account has the email address ${email}, the one single sign-on gave for you. Ask a Baseline administrator to add you, or to use this address on your account.`
        : "No Baseline account has the email address single sign-on gave for you. Ask a Baseline administrator to add you, or to use that address on your account.";
    case "disabled":
      return email
        ? `Your Baseline account, ${email}, is disabled, so it cannot sign in. Ask a Baseline administrator.`
        : "Your Baseline account is disabled, so it cannot sign in. Ask a Baseline administrator.";
  }
}
