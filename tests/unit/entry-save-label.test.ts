import { describe, expect, it } from "vitest";
import { saveButtonLabel } from "@/lib/entry/save-label";

describe("the entry form's save button says what it does (issue 19)", () => {
  it("offers a draft while any figure of the month is not submitted and nothing submitted is changed", () => {
    expect(saveButtonLabel({ open: 4, openChanged: 0, corrections: 0 })).toBe("Save as draft");
    expect(saveButtonLabel({ open: 1, openChanged: 1, corrections: 0 })).toBe("Save as draft");
  });

  it("names a correction of a submitted figure, which stays submitted, never a draft", () => {
    expect(saveButtonLabel({ open: 0, openChanged: 0, corrections: 1 })).toBe("Save correction");
    expect(saveButtonLabel({ open: 0, openChanged: 0, corrections: 3 })).toBe("Save corrections");
    // Figures not yet submitted but untouched: the button saves the correction only.
    expect(saveButtonLabel({ open: 2, openChanged: 0, corrections: 1 })).toBe("Save correction");
  });

  it("names both when drafts and corrections are saved together", () => {
    expect(saveButtonLabel({ open: 2, openChanged: 1, corrections: 1 })).toBe("Save draft and correction");
    expect(saveButtonLabel({ open: 2, openChanged: 2, corrections: 2 })).toBe("Save draft and corrections");
  });

  it("reads 'Save correction' on a month whose figures are all submitted, before anything is typed", () => {
    expect(saveButtonLabel({ open: 0, openChanged: 0, corrections: 0 })).toBe("Save correction");
  });
});
