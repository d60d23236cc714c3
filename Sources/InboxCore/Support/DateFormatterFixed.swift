import Foundation

extension DateFormatter {
    /// A formatter for a fixed `format` (not the user's preferences) in `timeZone`. The default
    /// locale, `en_US_POSIX`, keeps the digits and names stable for files and reports; a screen
    /// may ask for another (the order card's "3 Nov 14:02" is `en_GB`).
    public convenience init(format: String, timeZone: TimeZone?, locale: String = "en_US_POSIX") {
        self.init()
        self.locale = Locale(identifier: locale)
        self.timeZone = timeZone
        dateFormat = format
    }
}
