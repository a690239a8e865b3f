import { z } from "zod";

/**
 * zod, configured once for the browser and the server: "jitless" stops zod from probing
 * `new Function` (its fast path), which the Content-Security-Policy forbids ('unsafe-eval' is never
 * allowed; see lib/security/csp.ts) and which the browser reports as a CSP violation even though
 * zod catches it. Import z from here, not from "zod", in any module a client component may load
 * (tests/unit/security-headers.test.ts checks).
 */
z.config({ jitless: true });

export { z };
