// Surfaces for grouping content.
import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A white panel with a border. */
export function Card({ className, ...props }: ComponentProps<"section">) {
  return (
    <section className={cn("rounded-lg border border-slate-200 bg-white shadow-sm", className)} {...props} />
  );
}

/** A card's heading row. */
export function CardHeader({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("border-b border-slate-200 px-5 py-4", className)} {...props} />;
}

/** A card's body. */
export function CardBody({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("px-5 py-4", className)} {...props} />;
}
