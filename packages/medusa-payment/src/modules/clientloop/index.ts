import { Module } from "@medusajs/framework/utils";
import { CLIENTLOOP_MODULE_KEY } from "../../lib/setup";
import checkSetup from "./loaders/check-setup";
import ClientLoopModuleService from "./service";

/** The container key of the plugin's ClientLoop module (list it in the payment module's `dependencies`). */
export const CLIENTLOOP_MODULE = CLIENTLOOP_MODULE_KEY;

export { ClientLoopModuleService };

export default Module(CLIENTLOOP_MODULE, {
  service: ClientLoopModuleService,
  loaders: [checkSetup],
});
