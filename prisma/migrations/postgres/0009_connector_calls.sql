-- Connector calls, for the service catalog's statistics.
CREATE TABLE "connector_calls" (
    "id" SERIAL NOT NULL,
    "connector" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "code" TEXT,
    "durationMs" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "connector_calls_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "connector_calls_connector_operation_at_idx" ON "connector_calls"("connector", "operation", "at");
CREATE INDEX "connector_calls_at_idx" ON "connector_calls"("at");
