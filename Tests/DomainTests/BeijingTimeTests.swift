import Foundation
import GraduateDomain
import Testing

@Suite("Beijing time")
struct BeijingTimeTests {
    /// Foundation's answer, as the reference.
    func reference(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    @Test("agrees with Foundation's formatter over many dates, leap days and the day boundary")
    func agreesWithFoundation() {
        var samples: [Int64] = [0, 1, -1, 951_782_400_000, 1_709_164_799_999, 1_709_164_800_000, 1_750_000_000_123, 4_102_444_800_000]
        var value: Int64 = 946_684_800_000
        while value < 4_102_444_800_000 {
            samples.append(value)
            value += 86_399_937 * 37
        }
        for sample in samples {
            #expect(BeijingTime.rfc3339(milliseconds: sample) == self.reference(sample), "\(sample)")
        }
        #expect(BeijingTime.minute(milliseconds: 1_750_000_000_123) == "2025-06-15 23:06")
        #expect(BeijingTime.date(milliseconds: 1_750_000_000_123) == "2025-06-15")
    }

    @Test("a date's start in Beijing; invalid dates are nil")
    func startOfDay() {
        #expect(BeijingTime.startOfDay("2025-06-01") == 1_748_707_200_000)
        #expect(BeijingTime.rfc3339(milliseconds: BeijingTime.startOfDay("2024-02-29")!) == "2024-02-29T00:00:00+08:00")
        for bad in ["2025-02-30", "2023-02-29", "2025-13-01", "2025-6-1", "20250601", "", "2025-06-01T00"] {
            #expect(BeijingTime.startOfDay(bad) == nil, "\(bad)")
        }
    }
}
