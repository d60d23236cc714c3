import ArgumentParser
import Foundation
import InboxCore

/// `inbox orders …`: shop orders beside tickets (docs/orders.md).
struct OrdersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "Shop orders beside tickets: import exports, show, list, link and unlink (docs/orders.md).",
        subcommands: [
            OrdersImport.self, OrdersShow.self, OrdersList.self, OrdersLink.self, OrdersUnlink.self, OrdersLate.self,
            OrdersLookup.self,
        ])
}

/// An order as the CLI prints it: `status` in plain words filled in.
func presented(_ o: ShopOrder) -> ShopOrder {
    var o = o
    o.status = o.plainStatus()
    return o
}

/// The order as a few lines of text (the CLI's `orders show`).
func orderText(_ o: ShopOrder) -> [String] {
    let f = DateFormatter()
    f.dateFormat = "yyyy-MM-dd HH:mm"
    var out = ["Order \(o.number) (\(o.store)) · \(o.plainStatus())"]
    if let p = o.placed_at { out.append("  placed   \(f.string(from: p))") }
    if !o.emails.isEmpty { out.append("  customer \(o.emails.joined(separator: ", "))") }
    if let t = o.total { out.append("  total    \(t) \(o.currency ?? "")") }
    if let s = o.ship_to {
        out.append("  ship to  " + [s.name, s.city, s.country].compactMap { $0 }.joined(separator: ", "))
    }
    for l in o.lines {
        out.append("  \(l.quantity) × \(l.title)\(l.sku.map { " [\($0)]" } ?? "")\(l.price.map { "  \($0)" } ?? "")")
    }
    for s in o.shipments {
        var line = "  shipment \(s.carrier ?? "carrier?") \(s.tracking_number ?? "")"
        if let st = s.status { line += " · \(st.replacingOccurrences(of: "_", with: " "))" }
        if let e = s.estimated_at, s.delivered_at == nil { line += " · ETA \(f.string(from: e))" }
        out.append(line)
        if let u = s.tracking_url { out.append("           \(u)") }
    }
    if let at = o.fetched_at { out.append("  as of \(f.string(from: at)) from \(o.source ?? "import")") }
    return out
}

struct OrdersImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Import order exports: Shopify orders CSV, WooCommerce REST JSON, or a CSV mapped in [store.columns].",
        discussion:
            "Re-importing adds nothing; newer data wins; a second source adds to an order. The format is detected when --format is omitted."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Order files.", valueName: "file")) var files: [String]
    @Option(help: "The [[store]] the orders belong to (default: the first).") var store: String?
    @Option(help: "shopify-csv, woocommerce-json or csv (default: detected).") var format: String?
    @Flag(help: "Print the summary as JSON.") var json = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one order file to import.") }
        if let f = format, OrderFormat(rawValue: f) == nil {
            throw ValidationError("--format must be shopify-csv, woocommerce-json or csv.")
        }
    }

    func run() throws {
        let config = try global.loadConfig()
        // A SQLite file is created when missing, as before; a PostgreSQL URL opens that store.
        let database =
            PostgresURL.isPostgres(global.databasePath) ? try global.openOnEitherEngine() : try global.openDatabase()
        let bar = ProgressBar(enabled: Output.stderrIsTerminal && !json)
        let started = Date()
        let result = try OrderImporter(database: database, config: config).importFiles(
            files, format: format.flatMap(OrderFormat.init(rawValue:)), store: store
        ) { file, done, total in
            bar.update(
                label: (file as NSString).lastPathComponent, done: done, total: total, unit: "orders",
                elapsed: Date().timeIntervalSince(started))
        }
        bar.finish()
        for p in result.problems { Output.error("error: \(p)") }
        let seconds = Date().timeIntervalSince(started)
        if json {
            struct Report: Encodable {
                var summary: OrderImportSummary
                var problems: [String]
                var seconds: Double
            }
            print(try Output.json(Report(summary: result.summary, problems: result.problems, seconds: seconds)))
        } else {
            let rate = seconds > 0 ? Int(Double(result.summary.rows) / seconds) : 0
            Output.line(
                "Imported orders: \(result.summary.line) in \(String(format: "%.1f", seconds)) s (\(rate) rows/s).")
        }
        if !result.problems.isEmpty { throw ExitCode.failure }
    }
}

struct OrdersShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show an order: inbox orders show 1042 [--store S] [--json]")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Order number (with or without #).") var number: String
    @Option(help: "The store (default: any).") var store: String?
    @Flag(help: "Print JSON (see docs/orders.md).") var json = false

    func run() throws {
        let database = try global.openOnEitherEngine()
        let order = presented(try database.order(number: number, store: store))
        if json { print(try Output.json(order)) } else { for l in orderText(order) { print(l) } }
    }
}

struct OrdersList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List orders, newest first: inbox orders list [--customer EMAIL] [--json]")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this customer's orders (every address they wrote from).") var customer: String?
    @Option(help: "At most this many.") var limit: Int = 500
    @Flag(help: "Only late orders (see `inbox orders late`).") var late = false
    @Option(help: "With --late: business days before an order is late.") var days: Int = 3
    @Flag(help: "Print JSON (an array of orders as `orders show --json`).") var json = false

    func run() throws {
        let database = try global.openOnEitherEngine()
        let config = try global.loadConfig()
        if let customer {
            for failure in try database.lookupOrders(customer: customer, config: config) {
                Output.error("warning: \(failure)")
            }
        }
        var orders = try database.listOrders(customer: customer, limit: limit).map(presented)
        if late {
            let numbers = Set(
                try database.lateOrders(days: days, config: config).map { $0.order.store + "\u{0}" + $0.order.number })
            orders = orders.filter { numbers.contains($0.store + "\u{0}" + $0.number) }
        }
        if json {
            print(try Output.json(orders))
        } else {
            if orders.isEmpty { Output.line("No orders (import some with `inbox orders import FILE`).") }
            for o in orders {
                let date =
                    o.placed_at.map {
                        ISO8601DateFormatter.string(from: $0, timeZone: .current, formatOptions: [.withFullDate])
                    } ?? "          "
                Output.line(
                    "\(o.number.padding(toLength: 10, withPad: " ", startingAt: 0)) \(date)  \(o.emails.first ?? "")  \(o.status ?? "")"
                )
            }
        }
    }
}

struct OrdersLink: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link", abstract: "Link an order to a ticket by hand: inbox orders link 1042 TR-40218")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var order: OrderLinkArguments

    func run() throws {
        let database = try global.openOnEitherEngine()
        let link = try database.linkOrder(
            ticket: try order.ticketID(), number: order.number, store: order.store, actor: global.agentName)
        Output.line("Linked order \(link.number) (\(link.store)) to #\(try order.ticketID()).")
    }
}

struct OrdersUnlink: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlink", abstract: "Unlink an order from a ticket: inbox orders unlink 1042 TR-40218")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var order: OrderLinkArguments

    func run() throws {
        let database = try global.openOnEitherEngine()
        try database.unlinkOrder(
            ticket: try order.ticketID(), number: order.number, store: order.store, actor: global.agentName)
        Output.line(
            "Unlinked order \(order.number) from #\(try order.ticketID()); matching will not bring it back.")
    }
}

/// What `orders link` and `orders unlink` take: a ticket, an order and, optionally, its store.
struct OrderLinkArguments: ParsableArguments {
    @Argument(help: "Ticket number.") var ticket: String
    @Argument(help: "Order number.") var number: String
    @Option(help: "The store (default: any).") var store: String?

    func ticketID() throws -> Int64 { try ticketNumber(ticket) }
}

struct OrdersLate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "late",
        abstract:
            "Orders not shipped or not delivered N business days after they were placed or shipped, with no open ticket.",
        discussion:
            "Business days come from [sla] calendar and holidays. --open TEMPLATE opens an outbound ticket per order with the template as your draft; nothing is sent until an agent sends it."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var templateOptions: TemplateOptions
    @Option(help: "Business days before an order is late.") var days: Int = 3
    @Option(help: "Open an outbound ticket per late order with this template as the draft.") var open: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if days < 1 { throw ValidationError("--days must be at least 1.") }
    }

    func run() throws {
        let (config, database) = (try global.loadConfig(), try global.openOnEitherEngine())
        var late = try database.lateOrders(days: days, config: config)
        var problems: [String] = []
        if let name = open {
            let library = try templateOptions.load(config)
            let agent = global.actingAgent(config)
            var opened: [LateOrder] = []
            for item in late {
                let language = try? database.customer(address: item.order.emails.first ?? "").language
                let template = try library.template(named: name, language: language ?? nil)
                let r = try database.openOutreach([item], template: template, agent: agent, config: config)
                opened += r.orders
                problems += r.problems
            }
            late = opened
        }
        for p in problems { Output.error("warning: \(p)") }
        if json {
            print(
                try Output.json(
                    late.map { l -> LateOrder in
                        var l = l
                        l.order = presented(l.order)
                        return l
                    }))
            return
        }
        if late.isEmpty { Output.line("No late orders (\(days) business days).") }
        for l in late {
            let ticket = l.ticket.map { "  → draft in #\($0)" } ?? ""
            Output.line(
                "\(l.order.number)\t\(l.order.emails.first ?? "")\t\(l.reason), \(l.business_days) business days\t\(l.order.plainStatus())\(ticket)"
            )
        }
        if open != nil && !late.isEmpty {
            Output.line(
                "Opened \(late.count) ticket(s) with drafts; nothing was sent. Review them in the TUI (Late orders).")
        }
    }
}

struct OrdersLookup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Run the stores' lookup_command for a ticket now and store what it returns: inbox orders lookup 1042")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Ticket number.") var ticket: String

    func run() throws {
        let (config, database) = (try global.loadConfig(), try global.openOnEitherEngine())
        let id = try ticketNumber(ticket)
        let failures = try database.lookupOrders(ticket: id, config: config)
        for f in failures { Output.error("error: \(f)") }
        for link in try database.orderLinks(id) { Output.line("Order \(link.number) (\(link.store)): \(link.reason)") }
        if !failures.isEmpty { throw ExitCode.failure }
    }
}
