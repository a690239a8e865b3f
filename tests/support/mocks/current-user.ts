import { vi } from "vitest";
import { session } from "../session";

/**
 * Stands in for @/lib/auth/current-user: the signed-in user is whoever the test put in
 * `session.user` (tests/support/harness.ts). In a test file:
 *   vi.mock("@/lib/auth/current-user", () => import("../support/mocks/current-user"));
 */
export const getCurrentUser = vi.fn(async () => session.user);
