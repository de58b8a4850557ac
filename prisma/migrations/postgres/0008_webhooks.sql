-- 0008 inbound webhooks: signed deliveries from other systems start a workflow or send a message.
-- The signing secret is stored encrypted; each delivery is recorded, and claimedDeliveryId (unique
-- per webhook, null on rejected rows) makes a delivery id start at most one instance.
-- CreateTable
CREATE TABLE "webhooks" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "definitionKey" TEXT,
    "businessKeyPath" TEXT,
    "messageName" TEXT,
    "correlationPath" TEXT,
    "secretCiphertext" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "secretRotatedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastDeliveryAt" TIMESTAMP(3),

    CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "deliveryId" TEXT,
    "claimedDeliveryId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "instanceId" TEXT,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "webhooks_key_key" ON "webhooks"("key");

-- CreateIndex
CREATE INDEX "webhook_deliveries_webhookId_receivedAt_idx" ON "webhook_deliveries"("webhookId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_webhookId_claimedDeliveryId_key" ON "webhook_deliveries"("webhookId", "claimedDeliveryId");

-- AddForeignKey
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

