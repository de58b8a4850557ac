// Small labels for statuses and roles.
import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A pill-shaped label. */
export function Badge({ className, ...props }: ComponentProps<"span">) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700",
        className,
      )}
      {...props}
    />
  );
}
