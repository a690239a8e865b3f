import { describe, expect, it } from "vitest";
import { oneOf, pageHref, pageWindow, requestedPage } from "@/lib/paging/page";
import { pageNumbers } from "@/components/ui/pagination";

describe("paging", () => {
  it("reads the page from the URL, 1 for anything malformed", () => {
    expect(requestedPage({ page: "3" })).toBe(3);
    expect(requestedPage({ page: ["2", "9"] })).toBe(2);
    for (const bad of [undefined, "", "0", "-1", "1.5", "abc", "9999999", "01"]) expect(requestedPage({ page: bad })).toBe(1);
  });

  it("clamps a page past the end to the last page and reports the rows shown", () => {
    expect(pageWindow(120, 9, 50)).toMatchObject({ page: 3, pages: 3, offset: 100, limit: 50, from: 101, to: 120 });
    expect(pageWindow(0, 4, 50)).toMatchObject({ page: 1, pages: 1, offset: 0, from: 0, to: 0 });
    expect(pageWindow(50, 1, 50)).toMatchObject({ pages: 1, from: 1, to: 50 });
  });

  it("accepts only listed sort keys", () => {
    expect(oneOf({ sort: "title" }, "sort", ["title", "rag"] as const, "rag")).toBe("title");
    expect(oneOf({ sort: "title; drop table" }, "sort", ["title", "rag"] as const, "rag")).toBe("rag");
  });

  it("keeps the other URL state on page links and leaves page 1 out", () => {
    expect(pageHref("/risks", { department: "coo", above: false, unit: null, page: 7 }, 1)).toBe("/risks?department=coo");
    expect(pageHref("/risks", { department: "coo", sort: "score" }, 2)).toBe("/risks?department=coo&sort=score&page=2");
  });

  it("numbers the first, last and nearby pages with gaps between", () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(5, 10)).toEqual([1, null, 3, 4, 5, 6, 7, null, 10]);
    expect(pageNumbers(2, 4)).toEqual([1, 2, 3, 4]);
  });
});
