import type { DefaultSession } from "next-auth";
import type { Role } from "@/lib/auth/permissions";

declare module "next-auth" {
  interface Session {
    /** `sid`: the server-side session row (lib/auth/sessions.ts) that every request is checked against. */
    user: DefaultSession["user"] & { id: number; sid: string; role: Role };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: number;
    /** The server-side session row's id; a token without one is not a session. */
    sid?: string;
    role?: Role;
  }
}
