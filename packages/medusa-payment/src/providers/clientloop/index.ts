import { ModuleProvider, Modules } from "@medusajs/framework/utils";
import { ClientLoopProviderService } from "./service";

export { ClientLoopProviderService } from "./service";

export default ModuleProvider(Modules.PAYMENT, {
  services: [ClientLoopProviderService],
});
