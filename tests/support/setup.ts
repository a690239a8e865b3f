import { inject } from "vitest";

// App modules read DATABASE_URL and NEXTAUTH_SECRET through lib/env.ts.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret";
