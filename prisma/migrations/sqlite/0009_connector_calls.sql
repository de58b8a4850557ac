-- Connector calls, for the service catalog's statistics.
CREATE TABLE "connector_calls" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "connector" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "code" TEXT,
    "durationMs" REAL NOT NULL,
    "at" DATETIME NOT NULL
);

CREATE INDEX "connector_calls_connector_operation_at_idx" ON "connector_calls"("connector", "operation", "at");
CREATE INDEX "connector_calls_at_idx" ON "connector_calls"("at");
