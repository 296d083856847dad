/**
 * Seeds a store that can take ClientLoop checkouts: regions in USD, JPY (0 decimals) and KWD
 * (3 decimals) with the ClientLoop and system providers enabled, a sales channel with a
 * publishable key, a stock location with inventory, a shipping option priced in each currency,
 * and two products. Run with `medusa exec ./src/scripts/seed.ts`; with SEED_OUTPUT set, the ids
 * and keys are written there as JSON (the test stack reads them).
 */
import { writeFileSync } from "node:fs";
import type { ExecArgs } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils";
import {
  createApiKeysWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows";

export const CLIENTLOOP_PROVIDER_ID = "pp_clientloop_clientloop";
export const SYSTEM_PROVIDER_ID = "pp_system_default";

const REGIONS = [
  { key: "usd", name: "United States", currency_code: "usd", countries: ["us"] },
  { key: "jpy", name: "Japan", currency_code: "jpy", countries: ["jp"] },
  { key: "kwd", name: "Kuwait", currency_code: "kwd", countries: ["kw"] },
] as const;

export default async function seed({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const link = container.resolve(ContainerRegistrationKeys.LINK);
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const fulfillmentModule = container.resolve(Modules.FULFILLMENT);
  const salesChannelModule = container.resolve(Modules.SALES_CHANNEL);
  const storeModule = container.resolve(Modules.STORE);

  const [store] = await storeModule.listStores();
  let [salesChannel] = await salesChannelModule.listSalesChannels({ name: "Default Sales Channel" });
  if (!salesChannel) {
    const { result } = await createSalesChannelsWorkflow(container).run({
      input: { salesChannelsData: [{ name: "Default Sales Channel" }] },
    });
    salesChannel = result[0]!;
  }
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store!.id },
      update: {
        supported_currencies: REGIONS.map((r, i) => ({ currency_code: r.currency_code, is_default: i === 0 })),
        default_sales_channel_id: salesChannel.id,
      },
    },
  });

  const { result: regions } = await createRegionsWorkflow(container).run({
    input: {
      regions: REGIONS.map((r) => ({
        name: r.name,
        currency_code: r.currency_code,
        countries: [...r.countries],
        payment_providers: [CLIENTLOOP_PROVIDER_ID, SYSTEM_PROVIDER_ID],
      })),
    },
  });

  const { result: locations } = await createStockLocationsWorkflow(container).run({
    input: {
      locations: [
        { name: "Main warehouse", address: { city: "New York", country_code: "US", address_1: "1 Main St" } },
      ],
    },
  });
  const location = locations[0]!;
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  });

  let [profile] = await fulfillmentModule.listShippingProfiles({ type: "default" });
  if (!profile) {
    const { result } = await createShippingProfilesWorkflow(container).run({
      input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
    });
    profile = result[0]!;
  }

  const fulfillmentSet = await fulfillmentModule.createFulfillmentSets({
    name: "Main warehouse delivery",
    type: "shipping",
    service_zones: [
      {
        name: "Everywhere we sell",
        geo_zones: REGIONS.flatMap((r) => r.countries.map((c) => ({ country_code: c, type: "country" as const }))),
      },
    ],
  });
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  });

  const { result: shippingOptions } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Standard Shipping",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: fulfillmentSet.service_zones[0]!.id,
        shipping_profile_id: profile.id,
        type: { label: "Standard", description: "Ship in 2-3 days.", code: "standard" },
        prices: [
          { currency_code: "usd", amount: 10 },
          { currency_code: "jpy", amount: 1000 },
          { currency_code: "kwd", amount: 1.5 },
        ],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  });

  await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [salesChannel.id] } });

  const { result: keys } = await createApiKeysWorkflow(container).run({
    input: {
      api_keys: [
        { title: "Storefront", type: "publishable", created_by: "" },
        { title: "E2E admin", type: "secret", created_by: "" },
      ],
    },
  });
  const publishable = keys.find((k) => k.type === "publishable")!;
  const secret = keys.find((k) => k.type === "secret")!;
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: publishable.id, add: [salesChannel.id] } });

  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "ClientLoop Tee",
          handle: "clientloop-tee",
          status: ProductStatus.PUBLISHED,
          shipping_profile_id: profile.id,
          options: [{ title: "Size", values: ["M"] }],
          variants: [
            {
              title: "M",
              sku: "CL-TEE-M",
              options: { Size: "M" },
              manage_inventory: true,
              prices: [
                { amount: 19.99, currency_code: "usd" },
                { amount: 2500, currency_code: "jpy" },
                { amount: 7.25, currency_code: "kwd" },
              ],
            },
          ],
          sales_channels: [{ id: salesChannel.id }],
        },
        {
          title: "ClientLoop Mug",
          handle: "clientloop-mug",
          status: ProductStatus.PUBLISHED,
          shipping_profile_id: profile.id,
          options: [{ title: "Color", values: ["Blue"] }],
          variants: [
            {
              title: "Blue",
              sku: "CL-MUG-BLUE",
              options: { Color: "Blue" },
              manage_inventory: true,
              prices: [
                { amount: 8.5, currency_code: "usd" },
                { amount: 1200, currency_code: "jpy" },
                { amount: 2.5, currency_code: "kwd" },
              ],
            },
          ],
          sales_channels: [{ id: salesChannel.id }],
        },
        {
          // KWD 0.125 has a third decimal: ClientLoop Amounts carry two, so this cannot be paid there.
          title: "ClientLoop Sticker",
          handle: "clientloop-sticker",
          status: ProductStatus.PUBLISHED,
          shipping_profile_id: profile.id,
          options: [{ title: "Style", values: ["Logo"] }],
          variants: [
            {
              title: "Logo",
              sku: "CL-STICKER",
              options: { Style: "Logo" },
              manage_inventory: false,
              prices: [
                { amount: 1, currency_code: "usd" },
                { amount: 100, currency_code: "jpy" },
                { amount: 0.125, currency_code: "kwd" },
              ],
            },
          ],
          sales_channels: [{ id: salesChannel.id }],
        },
      ],
    },
  });

  const { data: inventoryItems } = await query.graph({ entity: "inventory_item", fields: ["id"] });
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: inventoryItems.map((item: { id: string }) => ({
        location_id: location.id,
        stocked_quantity: 1_000_000,
        inventory_item_id: item.id,
      })),
    },
  });

  const variantOf = (handle: string) => products.find((p) => p.handle === handle)!.variants[0]!.id;
  const out = {
    publishableKey: publishable.token,
    secretKey: secret.token,
    salesChannelId: salesChannel.id,
    stockLocationId: location.id,
    shippingOptionId: shippingOptions[0]!.id,
    regions: Object.fromEntries(
      REGIONS.map((r, i) => [
        r.key,
        { id: regions[i]!.id, currency_code: r.currency_code, country_code: r.countries[0] },
      ]),
    ),
    variants: {
      tee: variantOf("clientloop-tee"),
      mug: variantOf("clientloop-mug"),
      sticker: variantOf("clientloop-sticker"),
    },
    prices: {
      tee: { usd: "19.99", jpy: "2500", kwd: "7.25" },
      mug: { usd: "8.5", jpy: "1200", kwd: "2.5" },
      sticker: { usd: "1", jpy: "100", kwd: "0.125" },
      shipping: { usd: "10", jpy: "1000", kwd: "1.5" },
    },
    providers: { clientloop: CLIENTLOOP_PROVIDER_ID, system: SYSTEM_PROVIDER_ID },
  };
  if (process.env.SEED_OUTPUT) writeFileSync(process.env.SEED_OUTPUT, JSON.stringify(out, null, 2));
  logger.info(`Seeded: ${regions.length} regions, ${products.length} products, publishable key ${publishable.id}`);
}
