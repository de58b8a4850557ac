// The connectors of the simulated retail estate (`npm run sim`): one per system, all over one tRPC
// client of the simulator.
import type { Connector } from "../types";
import { carrierConnector } from "./carrier";
import { createSimClient } from "./client";
import { commerceConnector } from "./commerce";
import { erpConnector } from "./erp";
import { paymentsConnector } from "./payments";
import { supplierConnector } from "./supplier";
import { wmsConnector } from "./wms";

export { createSimClient, DEFAULT_SIM_URL, simFailure } from "./client";

/**
 * The erp, wms, commerce, payments, carrier and supplier connectors, calling the simulator at `url`
 * (default: SIM_URL, else http://127.0.0.1:4010). Creating them opens no connection.
 */
export function simConnectors(url?: string): Connector[] {
  const client = createSimClient(url);
  return [
    erpConnector(client),
    wmsConnector(client),
    commerceConnector(client),
    paymentsConnector(client),
    carrierConnector(client),
    supplierConnector(client),
  ];
}
