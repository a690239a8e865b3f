import NextAuth from "next-auth";
import { screenCallbackQuery } from "@/lib/auth/callback-url";
import { authOptions } from "@/lib/auth/options";
import { env } from "@/lib/env";

type Handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

/** next-auth, behind a screen for callback URLs that are not on this site (lib/auth/callback-url.ts). */
const handler: Handler = async (req, ctx) => {
  const refused = screenCallbackQuery(req, env().NEXTAUTH_URL ?? new URL(req.url).origin);
  if (refused) return refused;
  return (NextAuth(authOptions()) as unknown as Handler)(req, ctx);
};

export { handler as GET, handler as POST };
