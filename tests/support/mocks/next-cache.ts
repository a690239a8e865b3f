import { vi } from "vitest";

/**
 * Stands in for next/cache, which needs a Next.js request context: revalidation does nothing, and
 * outside Next.js there is no incremental cache, so cached reads run straight through. In a test file:
 *   vi.mock("next/cache", () => import("../support/mocks/next-cache"));
 * then `import { revalidatePath } from "next/cache"` gives these vi.fn()s, to inspect or clear.
 */
export const revalidatePath = vi.fn();
export const revalidateTag = vi.fn();
export const unstable_cache = vi.fn(<T extends (...args: never[]) => unknown>(fn: T) => fn);
