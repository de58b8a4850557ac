-- 0002 runtime: incidents, message subscriptions, inbound messages, task candidate users, sub-workflow call ids.
-- AlterTable
ALTER TABLE "instances" ADD COLUMN "parentCallId" TEXT;

-- CreateTable
CREATE TABLE "task_candidate_users" (
    "taskId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    PRIMARY KEY ("taskId", "userId"),
    CONSTRAINT "task_candidate_users_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "tasks" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "task_candidate_users_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "incidents" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "instanceId" TEXT NOT NULL,
    "tokenId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "resolution" TEXT,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME,
    "resolvedById" TEXT,
    CONSTRAINT "incidents_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "instances" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "incidents_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "message_subscriptions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "instanceId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "correlationKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "message_subscriptions_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "instances" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "inbound_messages" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "messageId" TEXT,
    "name" TEXT NOT NULL,
    "correlationKey" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "matchedCount" INTEGER NOT NULL DEFAULT 0,
    "source" TEXT NOT NULL DEFAULT 'api',
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "task_candidate_users_userId_taskId_idx" ON "task_candidate_users"("userId", "taskId");

-- CreateIndex
CREATE INDEX "incidents_status_createdAt_idx" ON "incidents"("status", "createdAt");

-- CreateIndex
CREATE INDEX "incidents_instanceId_idx" ON "incidents"("instanceId");

-- CreateIndex
CREATE INDEX "message_subscriptions_name_correlationKey_idx" ON "message_subscriptions"("name", "correlationKey");

-- CreateIndex
CREATE INDEX "message_subscriptions_instanceId_idx" ON "message_subscriptions"("instanceId");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_messages_messageId_key" ON "inbound_messages"("messageId");

-- CreateIndex
CREATE INDEX "inbound_messages_status_receivedAt_idx" ON "inbound_messages"("status", "receivedAt");

-- CreateIndex
CREATE INDEX "inbound_messages_name_correlationKey_idx" ON "inbound_messages"("name", "correlationKey");

