import { format, subMonths } from "date-fns";
import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { PageSummary, Pagination } from "@/components/ui/pagination";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { listApiTokens, listTokenUnits } from "@/lib/api-tokens/queries";
import { ACCESS_LABELS, expiryBounds, expiryDay, jerseyToday, STATUS_LABELS, TOKEN_TIME_ZONE, type TokenStatus } from "@/lib/api-tokens/rules";
import { requirePermission } from "@/lib/auth/current-user";
import { actsEverywhere } from "@/lib/auth/permissions";
import { publicBaseUrl } from "@/lib/feedback/base-url";
import { requestedPage } from "@/lib/paging/page";
import { createApiToken, revokeApiToken } from "./actions";
import { RevokeForm } from "./revoke-form";
import { TokenForm } from "./token-form";

export const metadata: Metadata = { title: "API tokens" };

type Search = Record<string, string | string[] | undefined>;

const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: TOKEN_TIME_ZONE });
const dayAndTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: TOKEN_TIME_ZONE });
const shortDay = (iso: string) => day.format(new Date(`${iso}T12:00:00Z`));

/** Status in words and a shape, never colour alone. */
const STATUS_LOOK: Record<TokenStatus, { tone: BadgeTone; icon: string }> = {
  active: { tone: "success", icon: "●" },
  expired: { tone: "neutral", icon: "○" },
  revoked: { tone: "danger", icon: "✕" },
  creator_disabled: { tone: "warning", icon: "!" },
};

/**
 * API tokens for source systems (issue 17): administrators manage every token, a department's SLT
 * the tokens of its own units. A new token is shown once, in the create form's answer.
 */
export default async function ApiTokensPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePermission("api-token:manage");
  const params = await searchParams;
  const now = new Date();
  const [{ rows, window }, units] = await Promise.all([listApiTokens(user, requestedPage(params), now), listTokenUnits(user)]);
  const revoked = typeof params.revoked === "string" && params.revoked !== "";

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold">API tokens</h1>
        <p className="mt-2 max-w-3xl text-lg">
          A token lets another system (a service desk tool, the contact centre, the HR system) read the measures due and send
          figures to Baseline instead of someone typing them in.
        </p>
        <p className="mt-2 max-w-3xl">
          A token acts as the person who created it, only for the units it names and the units below them, until it expires or
          is revoked; if that person&apos;s account is disabled, it stops working. Its figures go through the same checks as the
          entry page, and the audit trail records every change under the token and its creator.{" "}
          {actsEverywhere(user, "api-token:manage")
            ? "You manage the tokens of every department."
            : `You manage the tokens of ${user.unitName ?? "your department"}.`}{" "}
          {/* A plain link: the documentation is served by the API's own routes. */}
          Read the <a href="/api/v1/docs">API documentation</a>.
        </p>
      </div>

      {revoked && (
        <Alert tone="success" title="Token revoked">
          <p>Anything still using it is refused from now on.</p>
        </Alert>
      )}

      <TokenForm
        action={createApiToken}
        units={units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, depth: u.depth, departmentId: u.departmentId, departmentName: u.departmentName }))}
        expiry={expiryBounds(jerseyToday(now))}
        baseUrl={publicBaseUrl()}
        examplePeriod={format(subMonths(now, 1), "yyyy-MM")}
      />

      <section aria-labelledby="tokens-heading" className="space-y-4">
        <h2 id="tokens-heading" className="text-2xl font-bold">
          Tokens
        </h2>
        <PageSummary window={window} noun="token" plural="tokens" />
        {rows.length > 0 && (
          <Table caption="API tokens, newest first" captionHidden>
            <THead>
              <tr>
                <Th>Token</Th>
                <Th>Access</Th>
                <Th>Units</Th>
                <Th>Created</Th>
                <Th>Expiry date</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {rows.map((t) => (
                <Tr key={t.id}>
                  <Th scope="row" className="min-w-48 font-semibold">
                    {t.name}
                    <span className="block font-mono text-sm font-normal text-ink-muted">
                      <span className="sr-only">Begins </span>
                      {t.prefix}…
                    </span>
                  </Th>
                  <Td className="whitespace-nowrap">{ACCESS_LABELS[t.access]}</Td>
                  <Td className="min-w-40">
                    <ul>
                      {t.units.map((u) => (
                        <li key={u.id}>{u.kind === "department" ? `${u.name} (whole department)` : u.name}</li>
                      ))}
                    </ul>
                  </Td>
                  <Td className="min-w-36">
                    {day.format(t.createdAt)}
                    <span className="block text-sm text-ink-muted">by {t.creatorName}</span>
                  </Td>
                  <Td className="whitespace-nowrap">{shortDay(expiryDay(t.expiresAt))}</Td>
                  <Td className="min-w-32">{t.lastUsedAt ? dayAndTime.format(t.lastUsedAt) : "Never used"}</Td>
                  <Td className="min-w-32">
                    <Badge tone={STATUS_LOOK[t.status].tone}>
                      <span aria-hidden="true">{STATUS_LOOK[t.status].icon}</span> {STATUS_LABELS[t.status]}
                    </Badge>
                    {t.revokedAt && (
                      <span className="mt-1 block text-sm text-ink-muted">
                        {day.format(t.revokedAt)}
                        {t.revokedByName ? ` by ${t.revokedByName}` : ""}
                      </span>
                    )}
                  </Td>
                  <Td>{t.status !== "revoked" && <RevokeForm action={revokeApiToken} tokenId={t.id} tokenName={t.name} />}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
        <Pagination label="API tokens" window={window} path="/admin/api-tokens" query={{}} />
      </section>
    </div>
  );
}
