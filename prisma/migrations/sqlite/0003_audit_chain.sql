-- 0003 audit chain: one entry per previous hash, so two writers cannot fork the chain.
CREATE UNIQUE INDEX "audit_entries_prevHash_key" ON "audit_entries"("prevHash");
