// better-auth's browser client for signing in and out (same origin, /api/auth).
"use client";
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient({ basePath: "/api/auth" });
