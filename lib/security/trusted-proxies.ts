import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import proxyAddr from "proxy-addr";

/**
 * Which peers may tell us a client's address (X-Forwarded-For), from BASELINE_TRUSTED_PROXIES.
 * Pure, and free of Next and "server-only": the HTTP server (server/edge.ts) uses it before Next runs.
 *
 * - unset, empty or "0": nobody. The client is the socket's peer and any X-Forwarded-For is ignored.
 * - a whole number N (1–10): the N nearest hops are proxies (a load balancer in front: 1), whoever
 *   they are. Only right for a server that nothing but those proxies can reach.
 * - a comma-separated list of addresses, CIDR ranges (10.0.0.0/8, fd00::/8) or proxy-addr's names
 *   (loopback, linklocal, uniquelocal): X-Forwarded-For is read, from the right, only while each hop
 *   is one of them.
 *
 * The walk from the right is proxy-addr's (the rule Express uses), so that a client cannot choose
 * its own address by sending X-Forwarded-For: its entries are only read behind a trusted hop.
 */
export type Trust = (address: string, hop: number) => boolean;

export const TRUSTED_PROXIES_VARIABLE = "BASELINE_TRUSTED_PROXIES";
const MAX_HOPS = 10;

export function parseTrustedProxies(value: string | undefined): Trust {
  const setting = (value ?? "").trim();
  if (setting === "" || setting === "0") return () => false;
  if (/^\d+$/.test(setting)) {
    const hops = Number(setting);
    if (hops > MAX_HOPS) throw new Error(`${TRUSTED_PROXIES_VARIABLE} must be a number of hops from 0 to ${MAX_HOPS}, or a list of addresses`);
    return (_address, hop) => hop < hops;
  }
  const entries = setting.split(",").map((s) => s.trim()).filter(Boolean);
  try {
    return proxyAddr.compile(entries);
  } catch (err) {
    throw new Error(`${TRUSTED_PROXIES_VARIABLE}: ${err instanceof Error ? err.message : String(err)} (expected a number of hops, or addresses and CIDR ranges separated by commas)`);
  }
}

export interface ResolvedClient {
  /** The client's address: the first hop, walking from the socket, that is not a trusted proxy. */
  address: string;
  /** X-Forwarded-For as the app should see it: the client, then the trusted proxies before the socket's peer. */
  forwardedFor: string;
  /** Whether the socket's peer is a trusted proxy, so that its X-Forwarded-Proto and -Host may be believed. */
  peerTrusted: boolean;
}

/** The client's address for a request arriving from `socketAddress` with these X-Forwarded-For values. */
export function resolveClient(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trust: Trust): ResolvedClient {
  const peer = plain(socketAddress ?? "") || "unknown";
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  // proxy-addr reads the socket and the header from a request; this is all it looks at.
  const request = { socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers: header ? { "x-forwarded-for": header } : {} };
  // From the socket's peer back to the client: [peer, trusted proxies…, client].
  const chain = proxyAddr.all(request as unknown as IncomingMessage, trust).map(plain);
  // A trusted proxy that forwards something other than an address: the nearest hop that is one.
  const address = [...chain].reverse().find((a) => isIP(a) !== 0) ?? peer;
  return {
    address,
    forwardedFor: chain.length > 1 ? chain.slice(1).reverse().join(", ") : peer,
    peerTrusted: trust(peer, 0),
  };
}

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) as "10.0.0.1", so that both forms count as one address. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address.trim());
  return mapped ? mapped[1]! : address.trim();
}
