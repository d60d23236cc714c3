import Foundation

/// The order statistics of the report (docs/reports.md, "Medians and percentiles").
public enum ReportStatistics {
    /// The middle value; the mean of the two middle values when the count is even. Nil when empty.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }

    /// The nearest-rank percentile: the smallest value with at least `p` of the values at or
    /// below it (the `ceil(p·n)`-th smallest). Nil when empty.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        let rank = Int((p * Double(s.count)).rounded(.up))
        return s[max(1, min(rank, s.count)) - 1]
    }

    static func stats(_ values: [Double], waiting: Int) -> DurationStats {
        DurationStats(count: values.count, median: median(values), p90: percentile(values, 0.9), waiting: waiting)
    }
}
