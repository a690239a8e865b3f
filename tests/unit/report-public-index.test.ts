import { afterEach, describe, expect, it, vi } from "vitest";
import {
  buildPublishedIndex,
  invalidatePublishedIndex,
  isPublishedReportPath,
  publishedIndex,
  resetPublishedIndex,
} from "@/lib/reports/public-index";

const index = buildPublishedIndex([
  { slug: "coo", year: 2026, quarter: 3, latest: 2 },
  { slug: "coo", year: 2026, quarter: 2, latest: 1 },
  { slug: "cls", year: 2026, quarter: 3, latest: 1 },
]);

describe("isPublishedReportPath", () => {
  it.each([
    "/reports/coo/2026-q3",
    "/reports/coo/2026-q3/",
    "/reports/coo/2026-q3/data.csv",
    "/reports/coo/2026-q3/data.json",
    "/reports/coo/2026-q3/revisions/1",
    "/reports/coo/2026-q3/revisions/2/data.csv",
    "/reports/cls/2026-q3",
    "/reports/government/2026-q3",
    "/reports/government/2026-q2/data.json",
  ])("knows %s", (path) => {
    expect(isPublishedReportPath(path, index)).toBe(true);
  });

  it.each([
    "/reports/nope/2026-q3", // no such department
    "/reports/coo/2026-q4", // not published
    "/reports/cls/2026-q2",
    "/reports/coo/2026-q3/revisions/3", // beyond the latest revision
    "/reports/coo/2026-q3/revisions/0",
    "/reports/government/2026-q1", // no department published that quarter
    "/reports/government/2026-q3/revisions/1", // the cross-government report has no revisions
    "/reports/coo/2026-q3/other",
  ])("refuses %s", (path) => {
    expect(isPublishedReportPath(path, index)).toBe(false);
  });
});

describe("publishedIndex", () => {
  afterEach(() => resetPublishedIndex());
  const URL = "postgres://example/db";

  it("reads once and serves the copy for a few seconds; a publish makes the next request read again", async () => {
    const read = vi.fn(async () => index);
    expect(await publishedIndex(URL, read, 1_000)).toBe(index);
    expect(await publishedIndex(URL, read, 5_000)).toBe(index);
    expect(read).toHaveBeenCalledTimes(1);
    invalidatePublishedIndex();
    await publishedIndex(URL, read, 5_100);
    expect(read).toHaveBeenCalledTimes(2);
    await publishedIndex(URL, read, 16_000); // stale after 10 s
    expect(read).toHaveBeenCalledTimes(3);
  });

  it("one read however many requests arrive together", async () => {
    let release: (i: typeof index) => void = () => undefined;
    const read = vi.fn(() => new Promise<typeof index>((r) => (release = r)));
    const all = Array.from({ length: 10 }, () => publishedIndex(URL, read, 1_000));
    release(index);
    expect(await Promise.all(all)).toEqual(Array(10).fill(index));
    expect(read).toHaveBeenCalledTimes(1);
  });

  it("while the database cannot be read: null at first (requests pass), then the last known index, retried every 2 s", async () => {
    const failing = vi.fn(async () => Promise.reject(new Error("ECONNREFUSED")));
    expect(await publishedIndex(URL, failing, 1_000)).toBeNull();
    expect(await publishedIndex(URL, failing, 1_500)).toBeNull();
    expect(failing).toHaveBeenCalledTimes(1);
    expect(await publishedIndex(URL, async () => index, 3_100)).toBe(index);
    expect(await publishedIndex(URL, failing, 20_000)).toBe(index);
  });

  it("without a database address there is no index", async () => {
    expect(await publishedIndex(undefined, async () => index, 1_000)).toBeNull();
  });
});
