// Inline messages: errors people must act on, and neutral notices.
import type { ComponentProps } from "react";
import { cn } from "./cn";

/** An alert box; `tone="error"` is announced to screen readers at once. */
export function Alert({
  tone = "info",
  className,
  ...props
}: ComponentProps<"div"> & { tone?: "info" | "error" }) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn(
        "rounded-md border px-3 py-2 text-sm",
        tone === "error"
          ? "border-red-200 bg-red-50 text-red-800"
          : "border-slate-200 bg-slate-50 text-slate-700",
        className,
      )}
      {...props}
    />
  );
}
