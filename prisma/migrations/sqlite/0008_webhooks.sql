-- 0008 inbound webhooks: signed deliveries from other systems start a workflow or send a message.
-- The signing secret is stored encrypted; each delivery is recorded, and claimedDeliveryId (unique
-- per webhook, null on rejected rows) makes a delivery id start at most one instance.
-- CreateTable
CREATE TABLE "webhooks" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "definitionKey" TEXT,
    "businessKeyPath" TEXT,
    "messageName" TEXT,
    "correlationPath" TEXT,
    "secretCiphertext" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "secretRotatedAt" DATETIME,
    "revokedAt" DATETIME,
    "lastDeliveryAt" DATETIME,
    CONSTRAINT "webhooks_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "webhookId" TEXT NOT NULL,
    "deliveryId" TEXT,
    "claimedDeliveryId" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "instanceId" TEXT,
    CONSTRAINT "webhook_deliveries_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "webhooks" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "webhooks_key_key" ON "webhooks"("key");

-- CreateIndex
CREATE INDEX "webhook_deliveries_webhookId_receivedAt_idx" ON "webhook_deliveries"("webhookId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_webhookId_claimedDeliveryId_key" ON "webhook_deliveries"("webhookId", "claimedDeliveryId");

