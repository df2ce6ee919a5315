import Foundation
import GraduateDomain
import Testing

@Suite("身份证号 (GB 11643)")
struct IDNumberTests {
    @Test("the standard's own example is valid, with X as check character")
    func standardExample() throws {
        let id = try IDNumber("11010519491231002X")
        #expect(id.value == "11010519491231002X")
        #expect(id.birthDate == "19491231")
        #expect(id.genderCode == 2)
        #expect(id.masked == "110105********002X")
    }

    @Test("a lower-case x and surrounding spaces are accepted and normalised")
    func normalisation() throws {
        #expect(try IDNumber(" 11010519491231002x ").value == "11010519491231002X")
    }

    @Test("each kind of bad number is refused with its own reason", arguments: [
        ("1101051949123100", IDNumber.Problem.wrongLength),
        ("11010519491231002XX", .wrongLength),
        ("1101051949123100AX", .badCharacters),
        ("11010519491231002Y", .badCharacters),
        ("99010519491231002X", .badRegion),
        ("110105194913310021", .badBirthDate),
        ("110105200102300021", .badBirthDate),
        ("110105194912310021", .badCheckDigit(expected: "X")),
    ])
    func refused(text: String, problem: IDNumber.Problem) {
        #expect(throws: problem) { try IDNumber(text) }
    }

    @Test("every check digit the generator makes is accepted; every other digit refused")
    func generatorAgrees() throws {
        let first17 = "44030620000229123"
        let valid = IDNumber.withCheckDigit(first17)
        #expect(try IDNumber(valid).value == valid)
        for character in "0123456789X" where character != valid.last {
            #expect(throws: IDNumber.Problem.self) { try IDNumber(first17 + String(character)) }
        }
    }

    @Test("a birth date after today is refused; today itself is accepted (today in Beijing)")
    func futureBirthDate() throws {
        let bornToday = IDNumber.withCheckDigit("11010520261201002")
        #expect(try IDNumber(bornToday, today: 20261201).birthDate == "20261201")
        #expect(throws: IDNumber.Problem.futureBirthDate) { try IDNumber(bornToday, today: 20261130) }
        #expect(throws: IDNumber.Problem.futureBirthDate) { try IDNumber(IDNumber.withCheckDigit("11010520990101002")) }
        #expect(IDNumber.Problem.futureBirthDate.message == "身份证号中的出生日期晚于今天")
        // 2026-11-30 16:30 UTC is already 1 December in Beijing.
        #expect(IDNumber.today(Date(timeIntervalSince1970: 1_796_056_200)) == 20261201)
    }

    @Test("messages are Chinese")
    func messages() {
        #expect(IDNumber.Problem.badCheckDigit(expected: "7").message == "身份证号校验位不正确（应为7）")
    }
}

@Suite("统一社会信用代码 (GB 32100)")
struct CreditCodeTests {
    @Test("published codes are valid", arguments: ["91350100M000100Y43", "91110000600037341L", "911100001000080343"])
    func valid(code: String) throws {
        #expect(try CreditCode(code).value == code)
    }

    @Test("bad codes are refused with their reason", arguments: [
        ("9135010M000100Y43", CreditCode.Problem.wrongLength),
        ("91350100M000100I43", .badCharacters),
        ("91350100M000100Y4O", .badCharacters),
        ("91350100M000100Y44", .badCheckCharacter(expected: "3")),
    ])
    func refused(text: String, problem: CreditCode.Problem) {
        #expect(throws: problem) { try CreditCode(text) }
    }

    @Test("the generator's check character is the only one accepted")
    func generatorAgrees() throws {
        let first17 = "91440300MA5F12345"
        let valid = CreditCode.withCheckCharacter(first17)
        #expect(try CreditCode(valid.lowercased()).value == valid)
        for character in "0123456789ABCDEFGHJKLMNPQRTUWXY" where character != valid.last {
            #expect(throws: CreditCode.Problem.self) { try CreditCode(first17 + String(character)) }
        }
    }
}

@Suite("Code lists")
struct CodeListTests {
    @Test("学历 and 培养方式 accept the code or the name, nothing else")
    func codeOrName() {
        #expect(EducationLevel(codeOrName: "31") == .bachelor)
        #expect(EducationLevel(codeOrName: "硕士研究生") == .master)
        #expect(EducationLevel(codeOrName: "研究生") == nil)
        #expect(TrainingMode(codeOrName: "定向") == .directed)
        #expect(TrainingMode(codeOrName: "3") == .commissioned)
        #expect(TrainingMode(codeOrName: "自费") == nil)
        #expect(TrainingMode.directed.isBound && TrainingMode.commissioned.isBound && !TrainingMode.nonDirected.isBound)
    }

    @Test("届别, 院校代码 and 性别 parse strictly")
    func others() {
        #expect(Cohort("2024届")?.description == "2024届")
        #expect(Cohort("2024")?.year == 2024)
        #expect(Cohort("24") == nil)
        #expect(SchoolCode("10001")?.value == "10001")
        #expect(SchoolCode("1000") == nil)
        #expect(SchoolCode("1000A") == nil)
        #expect(Gender(codeOrName: "女") == .female)
    }
}
