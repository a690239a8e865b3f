import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/security/client-address";
import { parseTrustedProxies, resolveClient } from "@/lib/security/trusted-proxies";

const resolve = (setting: string | undefined, socket: string, xff?: string) => resolveClient(socket, xff, parseTrustedProxies(setting));

describe("client address with no trusted proxy (the default)", () => {
  it.each([undefined, "", "0", "  "])("ignores a forged X-Forwarded-For (setting %j)", (setting) => {
    const r = resolve(setting, "203.0.113.7", "198.51.100.1, 10.0.0.1");
    expect(r).toEqual({ address: "203.0.113.7", forwardedFor: "203.0.113.7", peerTrusted: false });
  });

  it("takes the socket's address without any header", () => {
    expect(resolve(undefined, "203.0.113.7").address).toBe("203.0.113.7");
  });

  it("counts an IPv4 peer on a dual-stack socket as the plain IPv4 address", () => {
    expect(resolve(undefined, "::ffff:203.0.113.7").address).toBe("203.0.113.7");
  });
});

describe("client address behind a number of hops", () => {
  it("1 hop: the address the load balancer appended, not what the client put before it", () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; the balancer (10.0.0.5) appended the real address.
    const r = resolve("1", "10.0.0.5", "1.2.3.4, 198.51.100.23");
    expect(r).toEqual({ address: "198.51.100.23", forwardedFor: "198.51.100.23", peerTrusted: true });
  });

  it("2 hops: a CDN in front of the load balancer", () => {
    expect(resolve("2", "10.0.0.5", "1.2.3.4, 198.51.100.23, 192.0.2.9").address).toBe("198.51.100.23");
  });

  it("1 hop without a header: the socket's peer", () => {
    expect(resolve("1", "10.0.0.5").address).toBe("10.0.0.5");
  });

  it("a forwarded value that is not an address falls back to the nearest hop that is one", () => {
    expect(resolve("1", "10.0.0.5", "<script>").address).toBe("10.0.0.5");
  });

  it("refuses an absurd number of hops", () => {
    expect(() => parseTrustedProxies("50")).toThrow(/BASELINE_TRUSTED_PROXIES/);
  });
});

describe("client address behind listed proxies", () => {
  it("a listed proxy: the forwarded address is used", () => {
    const r = resolve("10.0.0.0/8", "10.0.0.5", "198.51.100.23");
    expect(r).toEqual({ address: "198.51.100.23", forwardedFor: "198.51.100.23", peerTrusted: true });
  });

  it("a peer that is not listed: the header is ignored", () => {
    const r = resolve("10.0.0.5, 10.0.0.6", "203.0.113.7", "198.51.100.23");
    expect(r).toEqual({ address: "203.0.113.7", forwardedFor: "203.0.113.7", peerTrusted: false });
  });

  it("reads from the right only while each hop is listed", () => {
    // 10.0.0.6 and 10.0.0.5 are ours; 192.0.2.1 is not, so whatever is before it was the client's to write.
    expect(resolve("10.0.0.5,10.0.0.6", "10.0.0.5", "1.2.3.4, 192.0.2.1, 10.0.0.6").address).toBe("192.0.2.1");
  });

  it("accepts proxy-addr's names and IPv6 ranges", () => {
    expect(resolve("loopback", "127.0.0.1", "198.51.100.23").address).toBe("198.51.100.23");
    expect(resolve("fd00::/8", "fd00::1", "2001:db8::7").address).toBe("2001:db8::7");
    expect(resolve("loopback", "::ffff:127.0.0.1", "198.51.100.23").address).toBe("198.51.100.23");
  });

  it("refuses a setting that is not addresses, naming the variable", () => {
    expect(() => parseTrustedProxies("10.0.0.0/8, proxy.internal")).toThrow(/BASELINE_TRUSTED_PROXIES/);
    expect(() => parseTrustedProxies("10.0.0.0/99")).toThrow(/BASELINE_TRUSTED_PROXIES/);
  });
});

describe("clientAddress", () => {
  it("reads only the server's header, never X-Forwarded-For or X-Real-IP", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.2.3.4", "x-real-ip": "1.2.3.4" }))).toBe("unknown");
    expect(clientAddress({ "x-forwarded-for": "1.2.3.4" })).toBe("unknown");
    expect(clientAddress(new Headers({ "x-baseline-client-address": "198.51.100.23", "x-forwarded-for": "1.2.3.4" }))).toBe("198.51.100.23");
    expect(clientAddress({ "x-baseline-client-address": "198.51.100.23" })).toBe("198.51.100.23");
    expect(clientAddress(undefined)).toBe("unknown");
  });
});
