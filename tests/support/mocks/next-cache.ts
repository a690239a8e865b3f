import { vi } from "vitest";

/**
 * Stands in for next/cache, which needs a Next.js request context: revalidation does nothing. In a test file:
 *   vi.mock("next/cache", () => import("../support/mocks/next-cache"));
 * then `import { revalidatePath } from "next/cache"` gives this vi.fn(), to inspect or clear.
 * (No other next/cache function is used: tests/unit/no-instance-cache.test.ts.)
 */
export const revalidatePath = vi.fn();
