// The reference workflows a person can create a workflow from: each runs against the simulated retail
// estate's connectors (erp, wms, commerce, payments, carrier, supplier).
import type { DefinitionInput } from "@/engine";
import { inventoryReplenishment } from "./inventory-replenishment";
import { orderToCash } from "./order-to-cash";
import { procureToPay } from "./procure-to-pay";
import { returnToRefund } from "./return-to-refund";

export interface WorkflowTemplate {
  key: string;
  name: string;
  description: string;
  definition: DefinitionInput;
}

function template(definition: DefinitionInput): WorkflowTemplate {
  return {
    key: definition.key,
    name: definition.name,
    description: definition.description ?? "",
    definition,
  };
}

/** The reference templates, in the order they are offered. */
export const templates: WorkflowTemplate[] = [
  template(orderToCash),
  template(procureToPay),
  template(returnToRefund),
  template(inventoryReplenishment),
];
