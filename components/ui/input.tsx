// Text input with the shared look; pair it with <Label htmlFor>.
import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A text input. Set aria-invalid to show the error style. */
export function Input({ className, ...props }: ComponentProps<"input">) {
  return (
    <input
      className={cn(
        "h-9 w-full rounded-md border border-slate-300 bg-white px-3 text-sm shadow-sm placeholder:text-slate-400 aria-[invalid=true]:border-red-500",
        className,
      )}
      {...props}
    />
  );
}
