import { ModuleProvider, Modules } from "@medusajs/framework/utils";
import { ClientLoopProviderService } from "./service.js";

export { ClientLoopProviderService } from "./service.js";

export default ModuleProvider(Modules.PAYMENT, {
  services: [ClientLoopProviderService],
});
