// A workflow's publication state as badges: draft, published vN, and unpublished changes.
import { Badge } from "@/components/ui/badge";

/** What the list knows about a workflow's publication (see listWorkflows). */
export interface PublicationState {
  status: "draft" | "published" | "unpublished-changes";
  publishedVersion: number | null;
}

/** "draft" for a workflow never published; "published vN", plus "unpublished changes" when edited since. */
export function WorkflowStatusBadges({ status, publishedVersion }: PublicationState) {
  if (status === "draft" || publishedVersion === null) return <Badge>draft</Badge>;
  return (
    <span className="inline-flex flex-wrap gap-1">
      <Badge className="bg-emerald-50 text-emerald-700">published v{publishedVersion}</Badge>
      {status === "unpublished-changes" ? (
        <Badge className="bg-amber-50 text-amber-700">unpublished changes</Badge>
      ) : null}
    </span>
  );
}
