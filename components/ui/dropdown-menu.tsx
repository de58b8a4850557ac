// Menus of actions behind a button (Radix): arrow keys move between items, Enter picks one, Escape
// closes the menu and focus returns to its button.
"use client";
import * as MenuPrimitive from "@radix-ui/react-dropdown-menu";
import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A menu's root. */
export const DropdownMenu = MenuPrimitive.Root;

/** The button that opens the menu; use `asChild` with a `Button` and give it an accessible name. */
export const DropdownMenuTrigger = MenuPrimitive.Trigger;

/** The menu's list of items, rendered in a portal next to its button. */
export function DropdownMenuContent({
  className,
  align = "end",
  sideOffset = 4,
  ...props
}: ComponentProps<typeof MenuPrimitive.Content>) {
  return (
    <MenuPrimitive.Portal>
      <MenuPrimitive.Content
        align={align}
        sideOffset={sideOffset}
        className={cn(
          "z-30 min-w-40 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-md",
          className,
        )}
        {...props}
      />
    </MenuPrimitive.Portal>
  );
}

/** One action; `tone="destructive"` marks actions that delete something. */
export function DropdownMenuItem({
  className,
  tone = "default",
  ...props
}: ComponentProps<typeof MenuPrimitive.Item> & { tone?: "default" | "destructive" }) {
  return (
    <MenuPrimitive.Item
      className={cn(
        "flex cursor-default items-center gap-2 rounded px-2 py-1.5 outline-none select-none data-[disabled]:pointer-events-none data-[disabled]:opacity-50",
        tone === "destructive"
          ? "text-red-700 data-[highlighted]:bg-red-50"
          : "text-slate-700 data-[highlighted]:bg-slate-100",
        className,
      )}
      {...props}
    />
  );
}

/** A thin line between groups of items. */
export function DropdownMenuSeparator({
  className,
  ...props
}: ComponentProps<typeof MenuPrimitive.Separator>) {
  return <MenuPrimitive.Separator className={cn("my-1 h-px bg-slate-200", className)} {...props} />;
}
