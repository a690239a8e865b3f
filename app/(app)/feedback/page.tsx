import { redirect } from "next/navigation";

/** The feedback section opens on its themes and monthly figures. */
export default function FeedbackIndex() {
  redirect("/feedback/themes");
}
