import Link from "next/link";
import type { ComponentProps } from "react";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost" | "inverse";
export type ButtonSize = "sm" | "md" | "lg";

const base =
  "inline-flex items-center justify-center gap-2 rounded-[3px] border-2 border-b-4 font-semibold no-underline " +
  "select-none cursor-pointer text-center leading-tight " +
  "disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60";

const variants: Record<ButtonVariant, string> = {
  primary:
    "bg-accent border-accent border-b-accent-dark text-white visited:text-white hover:bg-accent-dark hover:border-accent-dark hover:text-white",
  secondary:
    "bg-white border-line border-b-ink-muted text-ink visited:text-ink hover:bg-line-soft hover:text-ink",
  danger:
    "bg-danger border-danger border-b-danger-dark text-white visited:text-white hover:bg-danger-dark hover:border-danger-dark hover:text-white",
  ghost:
    "bg-transparent border-transparent text-accent visited:text-accent underline underline-offset-2 hover:text-accent-dark hover:decoration-2",
  /** For dark backgrounds (the navy header). */
  inverse:
    "bg-transparent border-white/70 border-b-white/70 text-white visited:text-white hover:bg-white hover:text-navy",
};

const sizes: Record<ButtonSize, string> = {
  sm: "min-h-9 px-3 py-1 text-sm",
  md: "min-h-11 px-4 py-2 text-base",
  lg: "min-h-12 px-6 py-3 text-lg",
};

/** The class list for a button of this look; for elements that are not <button> (e.g. a link). */
export function buttonClasses(variant: ButtonVariant = "primary", size: ButtonSize = "md", extra?: string): string {
  return [base, variants[variant], sizes[size], extra].filter(Boolean).join(" ");
}

type ButtonProps = ComponentProps<"button"> & { variant?: ButtonVariant; size?: ButtonSize };

/** A button; `type` defaults to "button" so that it never submits a form by accident. */
export function Button({ variant = "primary", size = "md", className, type = "button", ...props }: ButtonProps) {
  return <button type={type} className={buttonClasses(variant, size, className)} {...props} />;
}

type ButtonLinkProps = ComponentProps<typeof Link> & { variant?: ButtonVariant; size?: ButtonSize };

/** A link that looks like a button: for navigation ("Sign in", "Read published reports"), never for actions. */
export function ButtonLink({ variant = "primary", size = "md", className, ...props }: ButtonLinkProps) {
  return <Link className={buttonClasses(variant, size, className)} {...props} />;
}
