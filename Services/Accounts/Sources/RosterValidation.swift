import Foundation
import GraduateDomain

/// A roster row as read from a file, before it is known to be valid.
struct RosterRow: Equatable, Sendable {
    var department = ""
    var major = ""
    var educationLevel = ""
    var candidateNumber = ""
    var name = ""
    var idNumber = ""
    var studentNumber = ""
    var gender = ""
    var cohort = ""
    var graduationDate = ""
    var lengthOfSchooling = ""
    var trainingMode = ""
    var boundUnit = ""
    var originRegion = ""
    var mobile = ""
}

/// A row that passed every check, with its values normalised to codes.
struct ValidRosterRow: Equatable, Sendable {
    var department: String
    var major: String
    var educationLevel: EducationLevel
    var candidateNumber: String
    var name: String
    var idNumber: IDNumber
    var studentNumber: String
    var gender: Gender
    var cohort: Cohort
    var graduationDate: String
    var lengthOfSchooling: String
    var trainingMode: TrainingMode
    var boundUnit: String
    var originRegion: String
    var mobile: String
}

/// 行号 + 字段 + 原因, as the import report shows it.
struct RosterRowError: Equatable, Sendable {
    var row: Int
    var field: String
    var reason: String
}

/// The bad rows of a file or row; a rejected file changes nothing.
struct RosterRejection: Error, Equatable {
    var errors: [RosterRowError]

    init(_ errors: [RosterRowError]) {
        self.errors = errors
    }
}

/// The roster file's columns (the downloadable template's header), in order.
enum RosterColumn: String, CaseIterable {
    case department = "院系"
    case major = "专业"
    case educationLevel = "学历"
    case candidateNumber = "考生号"
    case name = "姓名"
    case idNumber = "身份证号"
    case studentNumber = "学号"
    case gender = "性别"
    case cohort = "届别"
    case graduationDate = "毕业时间"
    case lengthOfSchooling = "学制"
    case trainingMode = "培养方式"
    case boundUnit = "定向/委培单位"
    case originRegion = "生源所在地"
    case mobile = "手机号"

    var isRequired: Bool {
        switch self {
        case .department, .major, .educationLevel, .candidateNumber, .name, .idNumber, .studentNumber, .cohort, .trainingMode:
            true
        case .gender, .graduationDate, .lengthOfSchooling, .boundUnit, .originRegion, .mobile:
            false
        }
    }

    /// The field's name in the API (for errors that programs read).
    var apiField: String {
        switch self {
        case .department: "department"
        case .major: "major"
        case .educationLevel: "educationLevel"
        case .candidateNumber: "candidateNumber"
        case .name: "name"
        case .idNumber: "idNumber"
        case .studentNumber: "studentNumber"
        case .gender: "gender"
        case .cohort: "cohort"
        case .graduationDate: "graduationDate"
        case .lengthOfSchooling: "lengthOfSchooling"
        case .trainingMode: "trainingMode"
        case .boundUnit: "boundUnit"
        case .originRegion: "originRegion"
        case .mobile: "mobile"
        }
    }

    var keyPath: WritableKeyPath<RosterRow, String> {
        switch self {
        case .department: \.department
        case .major: \.major
        case .educationLevel: \.educationLevel
        case .candidateNumber: \.candidateNumber
        case .name: \.name
        case .idNumber: \.idNumber
        case .studentNumber: \.studentNumber
        case .gender: \.gender
        case .cohort: \.cohort
        case .graduationDate: \.graduationDate
        case .lengthOfSchooling: \.lengthOfSchooling
        case .trainingMode: \.trainingMode
        case .boundUnit: \.boundUnit
        case .originRegion: \.originRegion
        case .mobile: \.mobile
        }
    }
}

/// Pure validation of one roster row: every problem of the row, not just the first.
enum RosterValidation {
    /// `today` (YYYYMMDD, Beijing) bounds 身份证号's birth date; a file's rows share one.
    static func validate(_ row: RosterRow, number: Int, today: Int = IDNumber.today()) -> Result<ValidRosterRow, RosterRejection> {
        var errors: [RosterRowError] = []
        func fail(_ column: RosterColumn, _ reason: String) {
            errors.append(RosterRowError(row: number, field: column.rawValue, reason: reason))
        }
        var row = row
        for column in RosterColumn.allCases {
            row[keyPath: column.keyPath] = row[keyPath: column.keyPath].trimmingWhiteSpace()
            let value = row[keyPath: column.keyPath]
            if column.isRequired, value.isEmpty { fail(column, "不能为空") }
            if value.count > 100 { fail(column, "超过100个字符") }
            if let problem = DisplayText.problem(in: value) { fail(column, problem) }
        }

        var idNumber: IDNumber?
        if !row.idNumber.isEmpty {
            do throws(IDNumber.Problem) { idNumber = try IDNumber(row.idNumber, today: today) } catch { fail(.idNumber, error.message) }
        }
        let level = EducationLevel(codeOrName: row.educationLevel)
        if !row.educationLevel.isEmpty, level == nil {
            fail(.educationLevel, "不在学历代码表中（\(EducationLevel.allCases.map { "\($0.rawValue) \($0.name)" }.joined(separator: "、"))）")
        }
        let mode = TrainingMode(codeOrName: row.trainingMode)
        if !row.trainingMode.isEmpty, mode == nil {
            fail(.trainingMode, "不在培养方式代码表中（\(TrainingMode.allCases.map { "\($0.rawValue) \($0.name)" }.joined(separator: "、"))）")
        }
        if let mode, mode.isBound, row.boundUnit.isEmpty {
            fail(.boundUnit, "培养方式为\(mode.name)时必须填写定向/委培单位")
        }
        let cohort = Cohort(row.cohort)
        if !row.cohort.isEmpty, cohort == nil { fail(.cohort, "应为4位年份，如2024") }
        var gender: Gender?
        if row.gender.isEmpty {
            gender = idNumber.flatMap { Gender(rawValue: String($0.genderCode)) }
        } else if let given = Gender(codeOrName: row.gender) {
            gender = given
            if let idNumber, String(idNumber.genderCode) != given.rawValue { fail(.gender, "与身份证号不一致") }
        } else {
            fail(.gender, "应为男或女")
        }
        if !row.graduationDate.isEmpty, !Self.isYearMonth(row.graduationDate) { fail(.graduationDate, "应为6位年月，如202406") }
        if !row.lengthOfSchooling.isEmpty, !Self.isSchoolingLength(row.lengthOfSchooling) { fail(.lengthOfSchooling, "应为1到8年") }
        if !row.originRegion.isEmpty, !(row.originRegion.count == 6 && row.originRegion.allSatisfy(\.isASCIIDigit)) {
            fail(.originRegion, "应为6位行政区划代码")
        }
        if !row.mobile.isEmpty,
           !(row.mobile.count == 11 && row.mobile.first == "1" && row.mobile.allSatisfy(\.isASCIIDigit)) {
            fail(.mobile, "应为11位手机号")
        }
        if !row.candidateNumber.isEmpty, !row.candidateNumber.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            fail(.candidateNumber, "只能包含字母和数字")
        }

        guard errors.isEmpty, let idNumber, let level, let mode, let cohort, let gender else {
            return .failure(RosterRejection(errors))
        }
        return .success(ValidRosterRow(
            department: row.department,
            major: row.major,
            educationLevel: level,
            candidateNumber: row.candidateNumber,
            name: row.name,
            idNumber: idNumber,
            studentNumber: row.studentNumber,
            gender: gender,
            cohort: cohort,
            graduationDate: row.graduationDate,
            lengthOfSchooling: row.lengthOfSchooling,
            trainingMode: mode,
            boundUnit: mode.isBound ? row.boundUnit : "",
            originRegion: row.originRegion,
            mobile: row.mobile
        ))
    }

    private static func isYearMonth(_ text: String) -> Bool {
        guard text.count == 6, let value = Int(text) else { return false }
        return (2000...2100).contains(value / 100) && (1...12).contains(value % 100)
    }

    private static func isSchoolingLength(_ text: String) -> Bool {
        guard let years = Double(text) else { return false }
        return years >= 1 && years <= 8
    }
}

extension Character {
    var isASCIIDigit: Bool { self.isASCII && self.isNumber }
}
