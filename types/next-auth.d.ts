import type { DefaultSession } from "next-auth";
import type { Role } from "@/lib/auth/permissions";

declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: number; sv: number; role: Role };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: number;
    sv?: number;
    role?: Role;
  }
}
