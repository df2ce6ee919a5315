import Foundation

/// Generated, valid data for the benchmark's school: graduates with GB 11643 身份证号 and
/// employers with GB 32100 统一社会信用代码 and a PNG licence scan.
enum TestData {
    static let schoolCode = "10001"
    static let schoolName = "示范大学"
    static let departments: [(String, [String])] = [
        ("计算机学院", ["软件工程", "计算机科学与技术", "人工智能"]),
        ("外国语学院", ["英语", "日语", "翻译"]),
        ("经济管理学院", ["会计学", "金融学", "工商管理"]),
        ("机械工程学院", ["机械设计制造及其自动化", "车辆工程"]),
        ("文学院", ["汉语言文学", "新闻学"]),
    ]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高")
    static let givenNames = Array("伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉萍红")
    private static let idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let creditAlphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// 身份证号 of graduate `index`: unique for up to 1,344,000 graduates (the sequence
    /// number, then the birth date, counts up), with its GB 11643 check character.
    static func idNumber(_ index: Int) -> String {
        let day = index / 1000
        let year = 2000 + (day / 336) % 4
        let month = 1 + (day / 28) % 12
        let dayOfMonth = 1 + day % 28
        let first17 = "110105" + String(format: "%04d%02d%02d%03d", year, month, dayOfMonth, index % 1000)
        let sum = zip(first17.compactMap(\.wholeNumberValue), Self.idWeights).reduce(0) { $0 + $1.0 * $1.1 }
        return first17 + String(Array("10X98765432")[sum % 11])
    }

    static func name(_ index: Int) -> String {
        var generator = SplitMix(seed: UInt64(index) &+ 20_240_601)
        let surname = Self.surnames[Int(generator.next() % UInt64(Self.surnames.count))]
        let length = 1 + Int(generator.next() % 2)
        let given = (0..<length).map { _ in Self.givenNames[Int(generator.next() % UInt64(Self.givenNames.count))] }
        return String(surname) + String(given)
    }

    /// The roster file: the import template's header and one 非定向 本科 row per graduate of `cohort`.
    /// With `newPhoneEvery` n, every n-th graduate (index 0, n, 2n, …) has another 手机号, as
    /// a roster refreshed from the 就业管理系统 during the season would.
    static func rosterCSV(count: Int, cohort: Int, newPhoneEvery: Int? = nil) -> [UInt8] {
        var text = "\u{FEFF}院系,专业,学历,考生号,姓名,身份证号,学号,性别,届别,毕业时间,学制,培养方式,定向/委培单位,生源所在地,手机号\r\n"
        text.reserveCapacity(count * 140)
        let year = cohort % 100
        for index in 0..<count {
            let (department, majors) = Self.departments[index % Self.departments.count]
            let major = majors[(index / Self.departments.count) % majors.count]
            text += "\(department),\(major),本科,\(year)\(String(format: "%012d", index)),\(Self.name(index)),\(Self.idNumber(index)),"
            text += "\(cohort - 4)\(String(format: "%06d", index)),,\(cohort),\(cohort)06,4,非定向,,110105,"
            text += (newPhoneEvery.map { index % $0 == 0 } == true ? "139" : "138") + "\(String(format: "%08d", index))\r\n"
        }
        return Array(text.utf8)
    }

    /// The 统一社会信用代码 of employer `index` (企业, 北京市海淀区), with its GB 32100 check character.
    static func creditCode(_ index: Int) -> String {
        let first17 = Array("91110108MABM" + String(format: "%05d", index))
        let total = zip(first17, Self.creditWeights).reduce(0) { sum, pair in
            sum + Self.creditAlphabet.firstIndex(of: pair.0)! * pair.1
        }
        return String(first17) + String(Self.creditAlphabet[(31 - total % 31) % 31])
    }

    static func employerName(_ index: Int) -> String {
        "北京示范\(["软件", "信息", "智能", "数据", "网络", "金融科技", "制造", "文化传媒"][index % 8])第\(index + 1)有限公司"
    }

    /// A small grey PNG standing in for a scanned 营业执照: an 8-bit greyscale image whose
    /// rows vary with `seed`, stored (uncompressed) deflate inside zlib, with real CRCs.
    static func licencePNG(seed: Int) -> [UInt8] {
        Self.greyPNG(seed: seed, stamped: false)
    }

    /// A scan (补登's paper agreement, a 解约函, a 录取通知书) of its own: like `licencePNG`,
    /// with `seed`'s bytes in the first row, so that every seed gives different bytes.
    static func scanPNG(seed: Int) -> [UInt8] {
        Self.greyPNG(seed: seed, stamped: true)
    }

    private static func greyPNG(seed: Int, stamped: Bool) -> [UInt8] {
        let (width, height) = (64, 40)
        var raw: [UInt8] = []
        for y in 0..<height {
            raw.append(0)
            for x in 0..<width {
                if stamped, y == 0, x < 8 {
                    raw.append(UInt8(truncatingIfNeeded: UInt64(bitPattern: Int64(seed)) >> UInt64(8 * x)))
                } else {
                    raw.append(UInt8(200 + (x * y + seed) % 40))
                }
            }
        }
        var zlib: [UInt8] = [0x78, 0x01, 0x01]
        let length = UInt16(raw.count)
        zlib += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        zlib += raw
        var (a, b): (UInt32, UInt32) = (1, 0)
        for byte in raw {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        zlib += bigEndian((b << 16) | a)

        func chunk(_ kind: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(kind.utf8) + data
            return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
        }
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 0, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", [])
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

/// A small deterministic generator, so a run's names are the same every time.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
