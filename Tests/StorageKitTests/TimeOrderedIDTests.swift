import Foundation
import StorageKit
import Testing

@Suite("Time-ordered ids (UUID version 7)")
struct TimeOrderedIDTests {
    @Test("a lowercase RFC 9562 version-7 UUID whose first 48 bits are the milliseconds given")
    func layout() throws {
        let id = TimeOrderedID.make(now: 0x0192_3456_789A)
        #expect(id.count == 36 && id == id.lowercased())
        let uuid = try #require(UUID(uuidString: id))
        let bytes = withUnsafeBytes(of: uuid.uuid) { Array($0) }
        #expect(Array(bytes[0..<6]) == [0x01, 0x92, 0x34, 0x56, 0x78, 0x9A])
        #expect(bytes[6] >> 4 == 7)          // version
        #expect(bytes[8] >> 6 == 0b10)       // variant
        #expect(id.hasPrefix("01923456-789a-7"))
    }

    @Test("ids of later milliseconds sort after earlier ones; 10,000 in one millisecond are all different")
    func orderAndUniqueness() {
        let ids = (0..<50).map { TimeOrderedID.make(now: 1_760_000_000_000 + Int64($0)) }
        #expect(ids == ids.sorted())
        #expect(Set((0..<10_000).map { _ in TimeOrderedID.make(now: 1_760_000_000_000) }).count == 10_000)
    }
}
