import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { targetText } from "@/lib/measures/target-text";

const percent = { valueType: "percent", decimals: 1, scaleMax: null };

describe("targetText: a measure's target in words (issue 19)", () => {
  it("gives the target in the measure's unit", () => {
    expect(targetText(95, { ...percent, direction: "higher_better" })).toBe("95.0%");
    expect(targetText(5.5, { valueType: "score", decimals: 1, scaleMax: "7", direction: "lower_better" })).toBe("5.5 / 7");
  });

  it("says 'To be confirmed' while none is set, with its due day when known — never 'None' or a dash", () => {
    expect(targetText(null, { ...percent, direction: "higher_better" })).toBe("To be confirmed");
    expect(targetText(null, percent)).toBe("To be confirmed");
    expect(targetText(null, percent, "2026-03-31")).toBe("To be confirmed, due 31 Mar 2026");
    expect(targetText(null, percent, "2027-09-05")).toBe("To be confirmed, due 5 Sep 2027");
  });

  it("says a context measure has no target, whatever is recorded", () => {
    expect(targetText(null, { ...percent, direction: "neither" })).toBe("No target (context measure)");
    expect(targetText(40, { ...percent, direction: "neither" })).toBe("No target (context measure)");
  });
});

describe("one wording, from one function, everywhere", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      return e.isDirectory() ? files(full) : /\.tsx?$/.test(e.name) ? [full] : [];
    });
  // Code lines only: comments may quote the wording.
  const code = (file: string) =>
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .map((line, i) => ({ line, n: i + 1 }))
      .filter(({ line }) => !/^\s*(\*|\/\/|\/\*)/.test(line));
  const sources = [...files(path.join(root, "app")), ...files(path.join(root, "components"))];

  it("no page or component words a missing target itself", () => {
    const found: string[] = [];
    for (const file of sources) {
      for (const { line, n } of code(file)) {
        const rel = `${path.relative(root, file)}:${n}`;
        // Its own words for a target that is not set ("None", "—", "No target"…).
        if (/target\w*\s*(===|!==)\s*null\s*\?\s*"[A-Za-z—–-]/i.test(line)) found.push(rel);
        // The shared words typed out again; the catalogue's "To be confirmed" option is a choice, not a target shown.
        if (/["`](To be confirmed|No target \(context measure\))/.test(line) && !file.endsWith(path.join("_components", "target-fields.tsx"))) found.push(rel);
      }
    }
    expect(found, "use targetText (lib/measures/target-text.ts)").toEqual([]);
  });
});
