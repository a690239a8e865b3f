import type { ReactNode } from "react";

type HeadingLevel = "h2" | "h3" | "h4";

interface CardProps {
  /** Optional heading; its level follows the page outline (h2 by default). */
  title?: ReactNode;
  titleAs?: HeadingLevel;
  /** A short line under the title. */
  description?: ReactNode;
  /** Actions shown on the right of the title (links, buttons). */
  actions?: ReactNode;
  as?: "section" | "div" | "article" | "li";
  className?: string;
  children?: ReactNode;
}

/** A white panel with an optional heading: the unit of layout on dashboards and pages. */
export function Card({ title, titleAs: Heading = "h2", description, actions, as: Tag = "section", className, children }: CardProps) {
  return (
    <Tag className={["rounded-md border border-line-soft bg-surface p-5 shadow-sm sm:p-6", className].filter(Boolean).join(" ")}>
      {(title || actions) && (
        <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
          <div>
            {title && <Heading className="text-xl font-bold text-ink">{title}</Heading>}
            {description && <p className="mt-1 text-ink-muted">{description}</p>}
          </div>
          {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
        </div>
      )}
      {children}
    </Tag>
  );
}
