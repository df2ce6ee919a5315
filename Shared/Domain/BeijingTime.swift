/// Times as people here read them: Beijing time (UTC+8, no daylight saving since 1991).
/// Formatted by arithmetic rather than Foundation's formatters: every API reply carries
/// several timestamps, and a formatter per call showed up in profiles (ICU time zone lookups).
public enum BeijingTime {
    static let offsetSeconds: Int64 = 8 * 3600
    /// UTC+8 in milliseconds, for SQL that buckets Unix milliseconds by Beijing day.
    public static let offsetMilliseconds: Int64 = offsetSeconds * 1000

    /// RFC 3339 with the offset: "2025-06-01T10:00:00+08:00".
    public static func rfc3339(milliseconds: Int64) -> String {
        let (date, time) = Self.parts(milliseconds)
        return "\(date)T\(time)+08:00"
    }

    /// "2025-06-01 10:00", for lists, documents and messages.
    public static func minute(milliseconds: Int64) -> String {
        let (date, time) = Self.parts(milliseconds)
        return "\(date) \(time.prefix(5))"
    }

    /// "2025-06-01".
    public static func date(milliseconds: Int64) -> String {
        Self.parts(milliseconds).date
    }

    /// Unix milliseconds of 00:00 Beijing time on a "YYYY-MM-DD" date, or nil if it is not one.
    public static func startOfDay(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]),
              (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        return (Self.daysFromCivil(year: year, month: month, day: day) * 86_400 - Self.offsetSeconds) * 1000
    }

    private static func parts(_ milliseconds: Int64) -> (date: String, time: String) {
        let seconds = Self.floorDivide(milliseconds, 1000) + Self.offsetSeconds
        let days = Self.floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civilFromDays(days)
        let date = Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        let time = Self.pad(secondOfDay / 3600, 2) + ":" + Self.pad(secondOfDay % 3600 / 60, 2) + ":" + Self.pad(secondOfDay % 60, 2)
        return (date, time)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days ↔ civil date algorithms (proleptic Gregorian calendar).
    private static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = Self.floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = Self.floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
