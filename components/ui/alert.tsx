import type { ReactNode, Ref } from "react";

export type AlertTone = "info" | "success" | "warning" | "error";

const tones: Record<AlertTone, { box: string; label: string }> = {
  info: { box: "border-accent bg-accent-soft", label: "Information" },
  success: { box: "border-success bg-success-soft", label: "Success" },
  warning: { box: "border-status-tolerance bg-warning-soft", label: "Warning" },
  error: { box: "border-danger bg-danger-soft", label: "Error" },
};

interface AlertProps {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  id?: string;
  className?: string;
  /** Make the alert focusable by script (tabIndex -1), e.g. to move focus to an error. */
  focusable?: boolean;
  ref?: Ref<HTMLDivElement>;
}

/**
 * A message box. Errors use role="alert" (announced at once); other tones use role="status"
 * (announced politely). Render it when the message appears so that it is announced.
 */
export function Alert({ tone = "info", title, children, id, className, focusable, ref }: AlertProps) {
  const t = tones[tone];
  return (
    <div
      ref={ref}
      id={id}
      role={tone === "error" ? "alert" : "status"}
      aria-live={tone === "error" ? "assertive" : "polite"}
      tabIndex={focusable ? -1 : undefined}
      className={["mb-6 border-l-[6px] p-4", t.box, className].filter(Boolean).join(" ")}
    >
      {title && (
        <p className="mb-1 text-lg font-bold">
          <span className="sr-only">{t.label}: </span>
          {title}
        </p>
      )}
      {children && <div className="[&_p+p]:mt-2">{children}</div>}
    </div>
  );
}
