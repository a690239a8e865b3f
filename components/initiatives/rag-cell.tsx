import { RagBadge } from "@/components/measures/status-badge";
import type { Rag } from "@/lib/enums";

/** An initiative's RAG, or "Not rated" in words when it has none yet. */
export function RagCell({ rag }: { rag: Rag | null }) {
  return rag ? <RagBadge rag={rag} /> : <span className="text-ink-muted">Not rated</span>;
}
