import { describe, expect, it } from "vitest";
import { routeId } from "@/lib/validation/route-id";

describe("routeId", () => {
  it("reads a positive whole number that fits an integer column", () => {
    expect(routeId("1")).toBe(1);
    expect(routeId("42")).toBe(42);
    expect(routeId("2147483647")).toBe(2_147_483_647);
  });

  it.each([undefined, null, "", "0", "-1", "+1", "01", "1.5", "1e3", " 1", "1 ", "abc", "0x10", "2147483648", "99999999999", "9".repeat(400)])(
    "refuses %j",
    (value) => {
      expect(routeId(value)).toBeNull();
    },
  );
});
