#!/usr/bin/env python3
"""Writes the demo shop's orders (Fixtures/demo/orders/), written for this project.

Order numbers and customers match the demo tickets of make_demo.py: the English, Turkish and
Polish orders come as Shopify's orders export CSV (one row per line item, the order's columns
on its first row); the Norwegian and German orders, and the tracking of three Shopify orders,
as WooCommerce REST v3 orders with `shipment_trackings` (a second source adding to an order).
Run: python3 Fixtures/tools/make_demo_orders.py [DEMO_DIR] (make_demo.py runs it)
"""
import csv, io, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
# The demo folder (make_demo.py passes its output folder), orders/ inside it.
OUT = os.path.join(os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(HERE, "..", "demo"), "orders")

# number, email, name, city, country, currency, placed, financial, fulfilled_at, lines [(qty, title, price, sku)], cancelled_at
SHOPIFY = [
    ("US-55012", "megan.oconnor@example.com", "Megan O'Connor", "Springfield, IL", "US", "USD", "2026-10-24 14:02:00 -0500", "paid", "2026-10-25 09:30:00 -0500",
     [(1, "Trail running shoes \"Skarven\", US 8", "129.00", "NS-SKV-08")], ""),
    ("US-55077", "dan.hughes@example.net", "Daniel Hughes", "Leeds", "GB", "GBP", "2026-10-20 18:40:00 +0100", "paid", "2026-10-22 10:00:00 +0100",
     [(1, "Fjellheim 2 tent", "289.00", "NS-FJH-2")], ""),
    ("US-55190", "priya.raman@example.org", "Priya Raman", "Boston", "US", "USD", "2026-11-01 12:00:00 -0400", "paid", "2026-11-02 16:00:00 -0500",
     [(12, "Nordlys Team rain jacket, M", "89.00", "NS-RJ-M")], ""),
    ("US-55204", "liam.carter@example.com", "Liam Carter", "Portland, OR", "US", "USD", "2026-10-30 20:15:00 -0700", "paid", "2026-11-01 09:00:00 -0800",
     [(1, "Trolltind hiking boots, EU 44", "219.00", "NS-TRT-44")], ""),
    ("US-55166", "emma.walsh@example.net", "Emma Walsh", "Cork", "IE", "EUR", "2026-10-27 13:05:00 -0400", "paid", "",
     [(1, "Merino base layer, S", "69.00", "NS-MBL-S"), (2, "Wool socks, 2-pack", "19.00", "NS-WS-2")], ""),
    ("US-55261", "noah.fb@example.com", "Noah Fischer-Brown", "Chicago", "US", "USD", "2026-11-03 10:00:00 -0600", "paid", "2026-11-05 11:00:00 -0600",
     [(3, "Steel bottle 750 ml", "24.00", "NS-BTL-750"), (1, "Trail mix sampler", "12.50", "NS-TMX")], ""),
    ("US-54877", "olivia.bennett@example.org", "Olivia Bennett", "Austin", "US", "USD", "2026-10-10 09:00:00 -0500", "refunded", "2026-10-11 15:00:00 -0500",
     [(1, "Fleece jacket \"Bålet\", L", "99.00", "NS-FLC-L")], ""),
    ("TR-40218", "ayse.yilmaz@example.com", "Ayşe Yılmaz", "İzmir", "TR", "TRY", "2026-10-28 11:20:00 +0300", "paid", "2026-10-29 10:00:00 +0300",
     [(1, "Kışlık mont, kırmızı, M", "3450.00", "NS-KM-RED-M"), (2, "Yün çorap", "240.00", "NS-WS-1")], ""),
    ("TR-40177", "mehmet.ozturk@example.com", "Mehmet Öztürk", "Ankara", "TR", "TRY", "2026-10-25 09:10:00 +0300", "paid", "2026-10-26 12:00:00 +0300",
     [(1, "Termos 750 ml", "890.00", "NS-TRM-750")], ""),
    ("TR-40251", "elif.sahin@example.net", "Elif Şahin", "Bursa", "TR", "TRY", "2026-10-31 17:00:00 +0300", "paid", "2026-11-01 10:00:00 +0300",
     [(1, "Kışlık mont, kırmızı, S", "3450.00", "NS-KM-RED-S")], ""),
    ("TR-40266", "emre.celik@example.net", "Emre Çelik", "İstanbul", "TR", "TRY", "2026-11-10 21:30:00 +0300", "paid", "",
     [(1, "Uyku tulumu -5", "2790.00", "NS-UT-5")], ""),
    ("PL-7781", "zofia.wisniewska@example.pl", "Zofia Wiśniewska", "Kraków", "PL", "PLN", "2026-10-29 08:45:00 +0100", "paid", "2026-10-30 12:00:00 +0100",
     [(1, "Plecak Rondane 30 l", "459.00", "NS-RND-30")], ""),
    ("PL-7790", "k.wojcik@example.com", "Krzysztof Wójcik", "Gdańsk", "PL", "PLN", "2026-10-20 19:00:00 +0200", "paid", "2026-10-27 14:00:00 +0100",
     [(2, "Kurtka softshell, grafit, L", "379.00", "NS-SFT-L")], ""),
    ("PL-7802", "agnieszka.dabrowska@example.pl", "Agnieszka Dąbrowska", "Łódź", "PL", "PLN", "2026-10-30 10:00:00 +0100", "paid", "2026-10-31 09:00:00 +0100",
     [(1, "Buty trekkingowe, 39", "549.00", "NS-BT-39")], ""),
]

HEADER = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing", "Currency",
          "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method", "Created at",
          "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price", "Lineitem sku",
          "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing City",
          "Billing Country", "Shipping Name", "Shipping City", "Shipping Country", "Notes", "Note Attributes", "Cancelled at",
          "Payment Method", "Payment Reference", "Refunded Amount", "Vendor", "Id", "Tags", "Risk Level", "Source", "Phone"]


def shopify():
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(HEADER)
    for i, (num, email, name, city, country, cur, placed, fin, fulfilled, lines, cancelled) in enumerate(SHOPIFY):
        total = sum(q * float(p) for q, _, p, _ in lines)
        for k, (q, title, price, sku) in enumerate(lines):
            row = dict.fromkeys(HEADER, "")
            row.update({"Name": "#" + num, "Lineitem quantity": str(q), "Lineitem name": title, "Lineitem price": price,
                        "Lineitem sku": sku, "Lineitem requires shipping": "true", "Lineitem taxable": "true",
                        "Lineitem fulfillment status": "fulfilled" if fulfilled else "pending"})
            if k == 0:
                row.update({"Email": email, "Financial Status": fin, "Paid at": placed, "Fulfillment Status": "fulfilled" if fulfilled else "unfulfilled",
                            "Fulfilled at": fulfilled, "Accepts Marketing": "no", "Currency": cur, "Subtotal": f"{total:.2f}",
                            "Shipping": "0.00", "Taxes": "0.00", "Total": f"{total:.2f}", "Discount Amount": "0",
                            "Shipping Method": "Standard", "Created at": placed, "Billing Name": name, "Billing City": city,
                            "Billing Country": country, "Shipping Name": name, "Shipping City": city, "Shipping Country": country,
                            "Cancelled at": cancelled, "Payment Method": "Shopify Payments",
                            "Refunded Amount": f"{total:.2f}" if fin == "refunded" else "0.00", "Vendor": "Nordlys",
                            "Id": str(5_100_000_000 + i), "Tags": "demo", "Risk Level": "Low", "Source": "web", "Phone": ""})
            w.writerow([row[h] for h in HEADER])
    return "\ufeff" + out.getvalue()


def woo_order(oid, number, status, email, first, last, city, country, currency, created, modified, lines, trackings, completed=None):
    total = sum(q * float(p) for q, _, p, _ in lines)
    return {
        "id": oid, "number": number, "status": status, "currency": currency, "total": f"{total:.2f}",
        "date_created": created, "date_created_gmt": created, "date_modified": modified, "date_modified_gmt": modified,
        "date_paid_gmt": created if status != "pending" else None, "date_completed_gmt": completed,
        "customer_note": "",
        "billing": {"first_name": first, "last_name": last, "email": email, "city": city, "country": country, "phone": ""},
        "shipping": {"first_name": first, "last_name": last, "city": city, "country": country},
        "line_items": [{"id": oid * 10 + k, "name": t, "sku": s, "quantity": q, "price": float(p), "total": f"{q * float(p):.2f}"}
                       for k, (q, t, p, s) in enumerate(lines)],
        "shipment_trackings": [{"tracking_id": f"t{oid}{k}", "tracking_provider": prov, "tracking_number": n, "tracking_link": "",
                                "date_shipped": shipped} for k, (prov, n, shipped) in enumerate(trackings)],
    }


def woo():
    return [
        woo_order(901, "5531", "completed", "ingrid.odegard@example.no", "Ingrid", "Ødegård", "Trondheim", "NO", "NOK",
                  "2026-10-22T09:00:00", "2026-10-30T10:40:00", [(1, "Ullgenser «Rondane»", "1199.00", "NS-UG-M"), (2, "Ullsokker", "149.00", "NS-US")],
                  [("posten-norge", "70712345678901234", "2026-10-23")], completed="2026-10-23T12:00:00"),
        woo_order(902, "5548", "completed", "bjorn.haland@example.no", "Bjørn", "Håland", "Bergen", "NO", "NOK",
                  "2026-11-01T12:00:00", "2026-11-06T09:00:00", [(1, "Fjellski «Jotun» 180 cm", "4290.00", "NS-SKI-180")],
                  [("bring", "CS111222333NO", "2026-11-02")], completed="2026-11-02T08:00:00"),
        woo_order(903, "DE-88134", "completed", "sabine.mueller@example.de", "Sabine", "Müller", "Köln", "DE", "EUR",
                  "2026-10-30T18:00:00", "2026-11-06T09:15:00", [(1, "Daunenschlafsack „Vinterly -10“", "329.00", "NS-VL-10")],
                  [("dhl", "00340434161094042557", "2026-10-31")], completed="2026-10-31T15:00:00"),
        woo_order(904, "DE-88120", "completed", "j.weiss@example.de", "Jürgen", "Weiß", "München", "DE", "EUR",
                  "2026-10-27T10:00:00", "2026-10-31T10:00:00", [(1, "Gaskocher „Bål“", "89.00", "NS-GK")],
                  [("dpd", "01505012345678", "2026-10-28")], completed="2026-10-28T09:00:00"),
        # Tracking on top of Shopify orders (the second source of an order).
        woo_order(905, "US-55012", "completed", "megan.oconnor@example.com", "Megan", "O'Connor", "Springfield, IL", "US", "USD",
                  "2026-10-24T19:02:00", "2026-10-25T14:30:00", [(1, "Trail running shoes \"Skarven\", US 8", "129.00", "NS-SKV-08")],
                  [("ups", "1Z999AA10123456784", "2026-10-25")], completed="2026-10-25T14:30:00"),
        woo_order(906, "TR-40218", "completed", "ayse.yilmaz@example.com", "Ayşe", "Yılmaz", "İzmir", "TR", "TRY",
                  "2026-10-28T08:20:00", "2026-10-29T07:00:00", [(1, "Kışlık mont, kırmızı, M", "3450.00", "NS-KM-RED-M"), (2, "Yün çorap", "240.00", "NS-WS-1")],
                  [("yurtici-kargo", "101234567890", "2026-10-29")], completed="2026-10-29T07:00:00"),
        woo_order(907, "PL-7790", "completed", "k.wojcik@example.com", "Krzysztof", "Wójcik", "Gdańsk", "PL", "PLN",
                  "2026-10-20T17:00:00", "2026-10-27T13:00:00", [(2, "Kurtka softshell, grafit, L", "379.00", "NS-SFT-L")],
                  [("inpost", "620011223344556677889900", "2026-10-27")], completed="2026-10-27T13:00:00"),
    ]


os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "shopify-orders.csv"), "w", encoding="utf-8", newline="") as f:
    f.write(shopify())
with open(os.path.join(OUT, "woocommerce-orders.json"), "w", encoding="utf-8") as f:
    json.dump(woo(), f, ensure_ascii=False, indent=2)
    f.write("\n")
