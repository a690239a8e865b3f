/**
 * How a new token is used, shown once beside it: a command-line request to the API's "measures
 * due" endpoint (every endpoint is documented at /api/v1/docs). Pure, for the client component.
 */
export function usageExample(baseUrl: string, token: string, unitSlug: string, period: string): string {
  return `curl -H "Authorization: Bearer ${token}" "${baseUrl}/api/v1/units/${encodeURIComponent(unitSlug)}/due?period=${period}"`;
}
