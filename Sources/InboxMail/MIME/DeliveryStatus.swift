/// The per-recipient fields of a message/delivery-status body (RFC 3464).
enum DeliveryStatus {
    /// Final-Recipient and Original-Recipient addresses of every recipient block whose Action is
    /// "failed" (or absent), without the "rfc822;" type, lower-cased, in order, without repeats.
    static func failedRecipients(_ body: Bytes) -> [String] {
        var result: [String] = []
        var seen = Set<String>()
        var action: String? = nil
        var recipients: [String] = []

        func endGroup() {
            if action == nil || action!.hasPrefix("failed") {
                for r in recipients where seen.insert(r).inserted { result.append(r) }
            }
            action = nil
            recipients.removeAll()
        }

        // Fields are header-like lines; groups are separated by empty lines.
        var pos = 0
        let n = body.count
        var fields: [(name: Range<Int>, value: [UInt8])] = []
        while pos < n {
            let next = ByteScan.nextLine(in: body, from: pos, to: n)
            let line = ByteScan.trim(body, pos..<next)
            if line.isEmpty {
                flush(&fields, body, &action, &recipients)
                endGroup()
            } else if ByteScan.isWSP(body[pos]), !fields.isEmpty {
                fields[fields.count - 1].value.append(ByteScan.space)
                fields[fields.count - 1].value.append(contentsOf: body[line])
            } else if let colon = ByteScan.find(UInt8(ascii: ":"), in: body, from: line.lowerBound, to: line.upperBound)
            {
                fields.append((line.lowerBound..<colon, Array(body[(colon + 1)..<line.upperBound])))
            }
            pos = next
        }
        flush(&fields, body, &action, &recipients)
        endGroup()
        return result
    }

    private static func flush(
        _ fields: inout [(name: Range<Int>, value: [UInt8])], _ body: Bytes, _ action: inout String?,
        _ recipients: inout [String]
    ) {
        for f in fields {
            let name = ByteScan.trim(body, f.name)
            if ByteScan.equalsIgnoringCase(body, name, "action") {
                action = String(decoding: f.value, as: UTF8.self).trimmingASCII(" \t").lowercased()
            } else if ByteScan.equalsIgnoringCase(body, name, "final-recipient")
                || ByteScan.equalsIgnoringCase(body, name, "original-recipient")
            {
                var value = f.value[...]
                if let semi = value.firstIndex(of: UInt8(ascii: ";")) { value = value[(semi + 1)...] }
                let address = String(decoding: value, as: UTF8.self).trimmingASCII(" \t<>").lowercased()
                if !address.isEmpty && recipients.last != address { recipients.append(address) }
            }
        }
        fields.removeAll()
    }
}
