import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { describeEndpoints, type DocEndpoint } from "@/lib/api/docs";
import { openApiDocument, PROBLEM_HELP } from "@/lib/api/openapi";
import { PROBLEM_TYPES, problemTypeUri, type ProblemKind } from "@/lib/api/problem";
import { API_TOKEN_LIMIT } from "@/lib/api/throttle";

// Rendered per request: the examples name this server's public address (NEXTAUTH_URL), not known at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "API documentation",
  description: "Baseline's API: write figures from source systems, read the measures due and the figures of published reports.",
};

/** The kind of problem a status answers, for a link to its explanation. */
const problemOf = (status: string) => (Object.keys(PROBLEM_TYPES) as ProblemKind[]).find((k) => String(PROBLEM_TYPES[k].status) === status);

/** An endpoint's section anchor, from its operationId. */
const anchor = (e: DocEndpoint) => `endpoint-${e.id}`;

const PROBLEM_EXAMPLE = {
  type: problemTypeUri("invalid"),
  title: PROBLEM_TYPES.invalid.title,
  status: 422,
  detail: "Nothing was saved: correct the figures listed in errors.",
  errors: [{ path: "/figures/2/denominator", message: "The denominator must be more than 0" }],
};

/**
 * The API's documentation, rendered from the OpenAPI document (lib/api/openapi.ts, read by
 * lib/api/docs.ts): every endpoint with its parameters, body fields, responses and a curl example.
 */
export default function ApiDocsPage() {
  const doc = openApiDocument();
  const endpoints = describeEndpoints(doc);
  const tags = [...new Set(endpoints.map((e) => e.tag))];

  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 sm:py-12">
      <div className="prose-width mb-8 space-y-4">
        <h1 className="text-3xl font-bold sm:text-4xl">Baseline API</h1>
        <p className="text-lg">{doc.info.description}</p>
        <p>
          The same description for programs: <a href="/api/v1/openapi.json">the OpenAPI 3.1 document</a> (
          <code className="break-all">/api/v1/openapi.json</code>), generated from the checks the API itself makes.
        </p>
      </div>

      <nav aria-labelledby="contents-heading" className="mb-10 rounded-md border border-line-soft bg-white p-5">
        <h2 id="contents-heading" className="mb-3 text-xl font-bold">
          Contents
        </h2>
        <ul className="space-y-1.5">
          <li>
            <a href="#authentication">Tokens and authentication</a>
          </li>
          <li>
            <a href="#rate-limits">Rate limits</a>
          </li>
          {tags.map((tag) => (
            <li key={tag}>
              {tag}
              <ul className="mt-1 ml-5 list-disc space-y-1">
                {endpoints
                  .filter((e) => e.tag === tag)
                  .map((e) => (
                    <li key={e.id}>
                      <a href={`#${anchor(e)}`}>
                        {e.summary} <span className="text-ink-muted">({e.method})</span>
                      </a>
                    </li>
                  ))}
              </ul>
            </li>
          ))}
          <li>
            <a href="#errors">Errors</a>
          </li>
        </ul>
      </nav>

      <div className="space-y-12">
        <section aria-labelledby="authentication" className="prose-width space-y-3">
          <h2 id="authentication" className="border-b-2 border-navy pb-2 text-2xl font-bold">
            Tokens and authentication
          </h2>
          <p>
            Reading the figures of published reports needs no token. Everything about a unit&rsquo;s measures and figures
            needs an API token, sent in every request&rsquo;s <code>Authorization</code> header:
          </p>
          <pre className="rounded-md border border-line-soft bg-white p-3 font-mono text-sm break-all whitespace-pre-wrap">Authorization: Bearer bl_…</pre>
          <p>
            An administrator, or a department&rsquo;s Senior Leadership Team for its own units, issues tokens in Baseline. A
            token is shown once, names the units it covers (each with the units below it), and either reads (the measures
            due and the figures) or writes (figures, too). It acts as the person who created it: it never does more than
            they could on the entry page today, and every change it makes is in the audit trail under their name and the
            token&rsquo;s. A missing, unknown, expired or revoked token gets <strong>401</strong>; a unit outside the
            token&rsquo;s scope, or a change by a read token, <strong>403</strong>.
          </p>
        </section>

        <section aria-labelledby="rate-limits" className="prose-width space-y-3">
          <h2 id="rate-limits" className="border-b-2 border-navy pb-2 text-2xl font-bold">
            Rate limits
          </h2>
          <p>
            Each token may make {API_TOKEN_LIMIT.points} requests in {API_TOKEN_LIMIT.duration} seconds; a batch of figures
            counts as one request. Beyond that the API answers <strong>429</strong> with a <code>Retry-After</code> header
            giving the seconds to wait. To send a month of figures, send one batch rather than a request a figure.
          </p>
        </section>

        {tags.map((tag) => (
          <section key={tag} aria-labelledby={`tag-${tag.replace(/\W+/g, "-").toLowerCase()}`} className="space-y-10">
            <h2 id={`tag-${tag.replace(/\W+/g, "-").toLowerCase()}`} className="border-b-2 border-navy pb-2 text-2xl font-bold">
              {tag}
            </h2>
            {endpoints
              .filter((e) => e.tag === tag)
              .map((e) => (
                <EndpointSection key={e.id} endpoint={e} />
              ))}
          </section>
        ))}

        <section aria-labelledby="errors" className="space-y-4">
          <h2 id="errors" className="border-b-2 border-navy pb-2 text-2xl font-bold">
            Errors
          </h2>
          <div className="prose-width space-y-3">
            <p>
              Every refusal is a problem details document (RFC 9457) served as <code>application/problem+json</code>, with{" "}
              <code>type</code> (the address of its explanation below), <code>title</code>, <code>status</code> and{" "}
              <code>detail</code>. Invalid input also lists each problem in <code>errors</code>, with the{" "}
              <code>path</code> of the field (a JSON Pointer into the body, or the name of the parameter or header) and a
              message. Nothing is saved when a request is refused.
            </p>
            <pre className="rounded-md border border-line-soft bg-white p-3 font-mono text-sm break-all whitespace-pre-wrap">
              {JSON.stringify(PROBLEM_EXAMPLE, null, 2)}
            </pre>
          </div>
          <ul className="space-y-4">
            {(Object.keys(PROBLEM_TYPES) as ProblemKind[]).map((kind) => (
              <li key={kind} id={`problem-${kind}`} className="prose-width rounded-md border border-line-soft bg-white p-4">
                <h3 className="mb-1 text-lg font-bold">
                  {PROBLEM_TYPES[kind].status}: {PROBLEM_TYPES[kind].title}
                </h3>
                <p>{PROBLEM_HELP[kind]}</p>
                <p className="mt-1 text-sm text-ink-muted">
                  type: <code className="break-all">{problemTypeUri(kind)}</code>
                </p>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}

function EndpointSection({ endpoint: e }: { endpoint: DocEndpoint }) {
  const id = anchor(e);
  return (
    <section aria-labelledby={id} className="space-y-4">
      <div className="space-y-2">
        <h3 id={id} className="text-xl font-bold">
          {e.summary}
        </h3>
        <p className="flex flex-wrap items-center gap-2">
          <Badge tone="navy">{e.method}</Badge>
          <code className="font-mono break-all">{e.path}</code>
        </p>
        <p className="prose-width">{e.description}</p>
        <p className="prose-width">
          <strong>Token:</strong> {e.needsToken ? (e.method === "GET" ? "needed (read or write)" : "needed, a write token") : "not needed"}
        </p>
      </div>

      {e.parameters.length > 0 && (
        <Table caption={`Parameters: ${e.summary}`}>
          <THead>
            <tr>
              <Th>Name</Th>
              <Th>In</Th>
              <Th>Required</Th>
              <Th>Type</Th>
              <Th>Description</Th>
            </tr>
          </THead>
          <TBody>
            {e.parameters.map((p) => (
              <Tr key={`${p.in}:${p.name}`}>
                <Th scope="row">
                  <code>{p.name}</code>
                </Th>
                <Td>{p.in}</Td>
                <Td>{p.required ? "Yes" : "No"}</Td>
                <Td>{p.type}</Td>
                <Td className="min-w-64">{p.description}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      {e.bodyFields.length > 0 && (
        <Table caption={`Request body (JSON): ${e.summary}`}>
          <THead>
            <tr>
              <Th>Field</Th>
              <Th>Required</Th>
              <Th>Type</Th>
              <Th>Description</Th>
            </tr>
          </THead>
          <TBody>
            {e.bodyFields.map((f) => (
              <Tr key={f.name}>
                <Th scope="row">
                  <code>{f.name}</code>
                </Th>
                <Td>{f.required ? "Yes" : "No"}</Td>
                <Td>{f.type}</Td>
                <Td className="min-w-64">{f.description}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      {e.responseFields.length > 0 && (
        <Table caption={`Response body (JSON): ${e.summary}`}>
          <THead>
            <tr>
              <Th>Field</Th>
              <Th>Type</Th>
              <Th>Description</Th>
            </tr>
          </THead>
          <TBody>
            {e.responseFields.map((f) => (
              <Tr key={f.name}>
                <Th scope="row">
                  <code className="break-all">{f.name}</code>
                </Th>
                <Td>{f.type}</Td>
                <Td className="min-w-64">{f.description}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      <Table caption={`Responses: ${e.summary}`}>
        <THead>
          <tr>
            <Th>Status</Th>
            <Th>Meaning</Th>
            <Th>Content type</Th>
          </tr>
        </THead>
        <TBody>
          {e.responses.map((r) => (
            <Tr key={r.status}>
              <Th scope="row">{problemOf(r.status) ? <a href={`#problem-${problemOf(r.status)}`}>{r.status}</a> : r.status}</Th>
              <Td className="min-w-64">{r.description}</Td>
              <Td>{r.contentType ? <code>{r.contentType}</code> : "None"}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>

      <div>
        <h4 className="mb-2 font-bold">Example</h4>
        <pre className="rounded-md border border-line-soft bg-white p-3 font-mono text-sm break-all whitespace-pre-wrap">{e.curl}</pre>
      </div>
    </section>
  );
}
