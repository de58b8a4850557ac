// Reminders the engine sent (escalation ladders): a count of unread ones and the latest in a menu.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import Link from "next/link";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

/** The bell with the unread count; opening it marks the reminders read. */
export function Reminders() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.inbox.notifications.queryOptions(), refetchInterval: 30_000 });
  const markRead = useMutation(
    trpc.inbox.markNotificationsRead.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.inbox.notifications.queryFilter()),
    }),
  );
  const unread = list.data?.unread ?? 0;
  return (
    <DropdownMenu
      onOpenChange={(open) => {
        if (!open && unread > 0) markRead.mutate();
      }}
    >
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Reminders, ${unread} unread`}>
          <Bell aria-hidden className="size-4" />
          {unread > 0 ? (
            <span className="rounded-full bg-red-600 px-1.5 text-[10px] font-bold text-white">{unread}</span>
          ) : null}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-80">
        {(list.data?.items ?? []).length === 0 ? (
          <p className="px-2 py-3 text-sm text-slate-500">No reminders.</p>
        ) : (
          list.data!.items.map((item) => (
            <DropdownMenuItem key={item.id} asChild>
              <Link href={item.taskId ? `/inbox/${item.taskId}` : "/inbox"} className="block">
                <span className={`block text-sm ${item.readAt ? "" : "font-semibold"}`}>{item.subject}</span>
                <span className="block text-xs text-slate-500">
                  {item.createdAt.toLocaleString()} · {item.body}
                </span>
              </Link>
            </DropdownMenuItem>
          ))
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
