// The current time for rendering countdowns and "overdue" marks, refreshed on an interval.
"use client";
import { useEffect, useState } from "react";

/** Milliseconds since the epoch, updated every `intervalMs`. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
