// The audit trail for admins: search and chain verification.
import { auditSearchSchema, searchAudit, verifyAuditChain } from "../../services/audit";
import { adminProcedure, router } from "../init";

export const auditRouter = router({
  search: adminProcedure.input(auditSearchSchema).query(({ ctx, input }) => searchAudit(ctx.db, input)),
  verify: adminProcedure.query(({ ctx }) => verifyAuditChain(ctx.db)),
});
