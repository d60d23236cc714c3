#!/bin/sh
# An example lookup_command for the Shopify GraphQL Admin API (docs/orders.md).
# Reads {"emails": [...], "orders": [...]} on stdin, prints {"orders": [...]}.
# Needs: curl, jq; an Admin API access token with the read_orders scope in the
# environment (SHOPIFY_SHOP=myshop, SHOPIFY_TOKEN from your password manager).
# Not run by the tests.
#
#   [[store]]
#   name = "nordlys"
#   lookup_command = "SHOPIFY_SHOP=nordlys SHOPIFY_TOKEN=$(pass shopify/token) ~/bin/shopify-lookup.sh"
#   lookup_timeout = "10s"
set -eu
query_in=$(cat)
# One search string: email:a OR email:b OR name:#1042 …
search=$(printf '%s' "$query_in" | jq -r '[(.emails[] | "email:\(.)"), (.orders[] | "name:#\(.)")] | join(" OR ")')
[ -n "$search" ] || { echo '{"orders": []}'; exit 0; }
gql='query($q: String!) { orders(first: 20, query: $q, sortKey: CREATED_AT, reverse: true) { nodes {
  name email createdAt processedAt cancelledAt displayFinancialStatus displayFulfillmentStatus
  currencyCode totalPriceSet { shopMoney { amount } }
  shippingAddress { name city countryCodeV2 }
  lineItems(first: 50) { nodes { sku title quantity originalUnitPriceSet { shopMoney { amount } } } }
  fulfillments { createdAt estimatedDeliveryAt deliveredAt displayStatus
    trackingInfo { company number url } } } } }'
body=$(jq -n --arg q "$search" --arg gql "$gql" '{query: $gql, variables: {q: $q}}')
curl -sS --fail --max-time 8 \
  -H "Content-Type: application/json" -H "X-Shopify-Access-Token: ${SHOPIFY_TOKEN}" \
  -d "$body" "https://${SHOPIFY_SHOP}.myshopify.com/admin/api/2025-01/graphql.json" |
jq '{orders: [.data.orders.nodes[] | {
  number: (.name | ltrimstr("#")), emails: [.email // empty],
  placed_at: .createdAt, paid_at: .processedAt, cancelled_at: .cancelledAt,
  financial_status: (.displayFinancialStatus | ascii_downcase),
  fulfillment_status: (.displayFulfillmentStatus | ascii_downcase),
  currency: .currencyCode, total: .totalPriceSet.shopMoney.amount,
  ship_to: {name: .shippingAddress.name, city: .shippingAddress.city, country: .shippingAddress.countryCodeV2},
  lines: [.lineItems.nodes[] | {sku, title, quantity, price: .originalUnitPriceSet.shopMoney.amount}],
  shipments: [.fulfillments[] as $f | $f.trackingInfo[] | {
    carrier: .company, tracking_number: .number, tracking_url: .url,
    status: ($f.displayStatus | ascii_downcase), shipped_at: $f.createdAt,
    estimated_at: $f.estimatedDeliveryAt, delivered_at: $f.deliveredAt}]
}]}'
