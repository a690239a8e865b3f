import { describe, expect, it } from "vitest";
import { etagMatches, revisionEtag } from "@/lib/reports/etag";
import { WeightedLru } from "@/lib/reports/revision-cache";

describe("revisionEtag", () => {
  it("names one revision by its id and the build", () => {
    expect(revisionEtag([12], "b1")).toBe('"rev-12.b1"');
    expect(revisionEtag([13], "b1")).not.toBe(revisionEtag([12], "b1"));
    expect(revisionEtag([12], "b2")).not.toBe(revisionEtag([12], "b1"));
  });

  it("digests several revisions in their order (the cross-government report)", () => {
    const tag = revisionEtag([3, 7, 9], "b1");
    expect(tag).toMatch(/^"revs-3-[A-Za-z0-9_-]{22}\.b1"$/);
    expect(revisionEtag([3, 7, 9], "b1")).toBe(tag);
    expect(revisionEtag([3, 7, 10], "b1")).not.toBe(tag);
    expect(revisionEtag([7, 3, 9], "b1")).not.toBe(tag);
  });
});

describe("etagMatches (If-None-Match)", () => {
  const tag = '"rev-12.b1"';
  it.each([
    ['"rev-12.b1"', true],
    ['W/"rev-12.b1"', true],
    ['"rev-11.b1", "rev-12.b1"', true],
    ["*", true],
    ['"rev-11.b1"', false],
    ["rev-12.b1", false],
    ["", false],
  ])("%s → %s", (header, expected) => {
    expect(etagMatches(header, tag)).toBe(expected);
  });

  it("no header never matches", () => {
    expect(etagMatches(null, tag)).toBe(false);
  });
});

describe("WeightedLru", () => {
  it("evicts the least recently used entries beyond its weight", () => {
    const lru = new WeightedLru<number, string>(10);
    lru.set(1, "a", 4);
    lru.set(2, "b", 4);
    expect(lru.get(1)).toBe("a"); // 1 is now the most recently used
    lru.set(3, "c", 4);
    expect(lru.get(2)).toBeUndefined();
    expect(lru.get(1)).toBe("a");
    expect(lru.get(3)).toBe("c");
    expect(lru.weight).toBe(8);
  });

  it("replaces an entry's weight, and keeps nothing heavier than the whole budget", () => {
    const lru = new WeightedLru<number, string>(10);
    lru.set(1, "a", 4);
    lru.set(1, "a2", 6);
    expect(lru.weight).toBe(6);
    expect(lru.get(1)).toBe("a2");
    lru.set(2, "huge", 11);
    expect(lru.get(2)).toBeUndefined();
    expect(lru.size).toBe(1);
  });
});
