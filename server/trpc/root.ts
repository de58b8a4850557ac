// The application router: every tRPC procedure, grouped by area.
import { createCallerFactory, router } from "./init";
import { adminRouter } from "./routers/admin";
import { apiKeysRouter } from "./routers/api-keys";
import { auditRouter } from "./routers/audit";
import { catalogRouter } from "./routers/catalog";
import { connectorConfigsRouter } from "./routers/connector-configs";
import { directoryRouter } from "./routers/directory";
import { inboxRouter } from "./routers/inbox";
import { incidentsRouter } from "./routers/incidents";
import { instancesRouter } from "./routers/instances";
import { overviewRouter } from "./routers/overview";
import { profileRouter } from "./routers/profile";
import { requestsRouter } from "./routers/requests";
import { sessionRouter } from "./routers/session";
import { tasksRouter } from "./routers/tasks";
import { versionsRouter } from "./routers/versions";
import { webhooksRouter } from "./routers/webhooks";
import { workflowsRouter } from "./routers/workflows";

export const appRouter = router({
  session: sessionRouter,
  profile: profileRouter,
  overview: overviewRouter,
  workflows: workflowsRouter,
  inbox: inboxRouter,
  admin: adminRouter,
  instances: instancesRouter,
  incidents: incidentsRouter,
  tasks: tasksRouter,
  requests: requestsRouter,
  directory: directoryRouter,
  versions: versionsRouter,
  audit: auditRouter,
  catalog: catalogRouter,
  apiKeys: apiKeysRouter,
  connectorConfigs: connectorConfigsRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures directly with a context from createContextInner (tests, scripts, server components). */
export const createCaller = createCallerFactory(appRouter);
