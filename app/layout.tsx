import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { DocumentScript } from "@/components/layout/document-script";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: "%s · Baseline", default: "Baseline · Government performance" },
  description:
    "Baseline: how Government of Jersey departments record, review and publish their performance — KPIs, initiatives, risks and quarterly reports.",
  applicationName: "Baseline",
};

export const viewport: Viewport = {
  themeColor: "#12294a",
  width: "device-width",
  initialScale: 1,
};

/**
 * The document shell only. The header and footer come from the route-group layouts
 * ((public) and (app)), which know whether a user is signed in; this layout reads no session.
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en-GB">
      <body className="flex min-h-dvh flex-col bg-canvas font-sans text-ink antialiased">
        <a href="#main" className="skip-link">
          Skip to main content
        </a>
        <DocumentScript />
        {children}
      </body>
    </html>
  );
}
