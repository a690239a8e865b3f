import { vi } from "vitest";

/**
 * Stands in for next/navigation where a redirect is an action's success (createReport): redirect()
 * throws, as the real one does, an error carrying where it was sent (`redirectTo`). In a test file:
 *   vi.mock("next/navigation", () => import("../support/mocks/next-navigation"));
 */
export const redirect = vi.fn((to: string) => {
  throw Object.assign(new Error("NEXT_REDIRECT"), { redirectTo: to });
});
