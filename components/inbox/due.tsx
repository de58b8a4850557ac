// Due times as people read them: a countdown ("in 3 h 20 min"), and overdue ones in red.
import { Badge } from "@/components/ui/badge";

/** "2 d 4 h", "3 h 20 min", "45 s": the largest two units of a duration. */
export function formatDuration(ms: number): string {
  const seconds = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min`;
  return `${seconds} s`;
}

/** An amount in the instance's currency (EUR when none is given). */
export function formatAmount(amount: number, currency: string | null): string {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: currency ?? "EUR" }).format(amount);
  } catch {
    return `${amount.toLocaleString("en")} ${currency ?? ""}`.trim();
  }
}

/** The due time with a live countdown; overdue ones stand out. */
export function DueCountdown({ dueAt, now }: { dueAt: Date | null; now: number }) {
  if (!dueAt) return <span className="text-slate-500">No due time</span>;
  const left = dueAt.getTime() - now;
  return (
    <span className="whitespace-nowrap" title={dueAt.toLocaleString()}>
      {left < 0 ? (
        <>
          <Badge className="bg-red-100 text-red-800">Overdue</Badge>{" "}
          <span className="text-red-700">by {formatDuration(left)}</span>
        </>
      ) : (
        <span>in {formatDuration(left)}</span>
      )}
    </span>
  );
}
