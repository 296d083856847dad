// A guest's cart as the demo's headless run fills it through the Store API (js-sdk): one tee,
// contact, addresses and shipping — then the storefront kit takes over for the payment.

export const SAMPLE_ADDRESS = {
  first_name: "Ada",
  last_name: "Lovelace",
  phone: "+14155554345",
  address_1: "1 Main St",
  city: "New York",
  postal_code: "10001",
};

export async function guestCart(sdk, seed, email = "ada@example.com") {
  const region = seed.regions.usd;
  const address = { ...SAMPLE_ADDRESS, country_code: region.country_code };
  const { cart } = await sdk.store.cart.create({
    region_id: region.id,
    email,
    items: [{ variant_id: seed.variants.tee, quantity: 1 }],
    shipping_address: address,
    billing_address: address,
  });
  await sdk.store.cart.addShippingMethod(cart.id, { option_id: seed.shippingOptionId });
  return (await sdk.store.cart.retrieve(cart.id)).cart;
}
