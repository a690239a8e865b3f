import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/current-user";
import { landingPath } from "@/lib/auth/landing";

/** The landing page after sign-in, by role. */
export default async function StartPage() {
  const user = await requireUser();
  redirect(landingPath(user.role));
}
