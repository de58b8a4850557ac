// Joins class names and lets later Tailwind classes override earlier ones.
import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/** Merges conditional class names, resolving Tailwind conflicts in favour of the last. */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
