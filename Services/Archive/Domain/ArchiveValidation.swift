import GraduateDomain

/// What the rules of a graduate's values depend on beyond the values themselves.
public struct ArchiveValidationContext: Hashable, Sendable {
    /// The graduate's graduation day, "YYYY-MM-DD": 保留原校 keeps a file at most 2 years after
    /// it. Nil only where the graduate is not known (an import row naming nobody on the
    /// roster, which fails anyway): then only the date's form is checked.
    public var graduationDate: String?

    public init(graduationDate: String?) {
        self.graduationDate = graduationDate
    }

    /// From the roster: 毕业时间 (YYYYMM) gives the last day of that month — the roster knows
    /// only the month, and the later day never cuts a graduate's 2 years short; without a
    /// readable 毕业时间, 30 June of the 届 year, when Chinese universities graduate.
    public init(graduationYearMonth: String, cohortYear: Int) {
        let month = graduationYearMonth.trimmingWhiteSpace()
        let dashed = month.count == 6 ? "\(month.prefix(4))-\(month.suffix(2))" : ""
        let lastDay = ["31", "30", "29", "28"].lazy.map { "\(dashed)-\($0)" }.first { BeijingTime.startOfDay($0) != nil }
        self.graduationDate = lastDay ?? "\(cohortYear)-06-30"
    }

    /// The latest 保留期限: the same day two years on (28 February for a 29 February).
    public var latestRetentionDeadline: String? {
        guard let date = self.graduationDate, let year = Int(date.prefix(4)) else { return nil }
        let sameDay = "\(year + 2)" + date.dropFirst(4)
        return BeijingTime.startOfDay(sameDay) != nil ? sameDay : "\(year + 2)-02-28"
    }
}

/// The rules of 档案/户口信息 (DOMAIN.md §5), pure: every problem of a draft at once, or the
/// values trimmed and normalised (codes parsed, phone without spaces, 转递单号 upper-case).
public enum ArchiveValidation {
    public static func validate(_ draft: ArchiveRecordDraft, context: ArchiveValidationContext) -> Result<ArchiveRecordValues, ArchiveValidationFailure> {
        var problems: [ArchiveFieldProblem] = []
        func fail(_ field: ArchiveField, _ reason: String) { problems.append(ArchiveFieldProblem(field, reason)) }
        var text: [ArchiveField: String] = [:]
        for field in ArchiveField.allCases {
            let value = draft[field].trimmingWhiteSpace()
            text[field] = value
            if let limit = field.maximumLength, value.count > limit { fail(field, "\(field.label)不能超过\(limit)个字符") }
            if let problem = DisplayText.problem(in: value) { fail(field, field.label + problem) }
        }
        func given(_ field: ArchiveField) -> Bool { text[field]?.isEmpty == false }

        let type: ArchiveTransferType? = Self.code(.transferType, text, fail)
        if !given(.transferType) { fail(.transferType, "请选择档案转递类型") }
        if let type {
            let when = "档案转递类型为“\(type.name)”时"
            if type.needsReceivingUnit {
                for field in ArchiveField.receivingUnit where !given(field) { fail(field, "\(when)，请填写\(field.label)") }
            }
            if type == .keptBySchool {
                for field in ArchiveField.receivingUnit + [.transferMethod, .trackingNumber] where given(field) {
                    fail(field, "\(when)不填写\(field.label)")
                }
                if !given(.retentionDeadline) { fail(.retentionDeadline, "\(when)，请填写保留期限") }
            } else if given(.retentionDeadline) {
                fail(.retentionDeadline, "只有档案转递类型为“保留原校”时才填写保留期限")
            }
            if type == .other, !given(.transferNote) { fail(.transferNote, "\(when)，请填写档案转递说明（档案去向）") }
        }
        for field in [ArchiveField.receivingUnitRegion, .hukouRegion] where given(field) {
            if let problem = Self.regionProblem(text[field] ?? "") { fail(field, field.label + problem) }
        }
        if given(.receivingUnitPostcode), !Self.isPostcode(text[.receivingUnitPostcode] ?? "") { fail(.receivingUnitPostcode, "邮编应为6位数字") }
        var phone = ""
        if given(.receivingUnitPhone) {
            if let valid = ContactPhone(text[.receivingUnitPhone] ?? "") { phone = valid.value } else { fail(.receivingUnitPhone, ContactPhone.problemMessage) }
        }
        let method: ArchiveTransferMethod? = Self.code(.transferMethod, text, fail)
        let trackingNumber = (text[.trackingNumber] ?? "").uppercased()
        if !trackingNumber.isEmpty {
            if !trackingNumber.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { fail(.trackingNumber, "转递单号只能包含字母和数字") }
            // 保留原校 has no number at all: asking for its method would mislead.
            if !given(.transferMethod), type != .keptBySchool { fail(.transferMethod, "填写转递单号时，请选择转递方式") }
        }
        if given(.retentionDeadline) { Self.checkRetention(text[.retentionDeadline] ?? "", context, fail) }

        let choice: HukouMigrationChoice? = Self.code(.migratesHukou, text, fail)
        if !given(.migratesHukou) { fail(.migratesHukou, "请选择是否迁移户口") }
        let migrationType: HukouMigrationType? = Self.code(.hukouMigrationType, text, fail)
        for field in ArchiveField.hukouDestination {
            if choice == .migrates, !given(field) { fail(field, "迁移户口时，请填写\(field.label)") }
            if choice == .stays, given(field) { fail(field, "不迁移户口时不填写\(field.label)") }
        }

        guard problems.isEmpty, let type, let choice else {
            let order = Dictionary(uniqueKeysWithValues: ArchiveField.allCases.enumerated().map { ($1, $0) })
            // Stable: a field's problems keep the order the rules found them in.
            let sorted = problems.enumerated().sorted { (order[$0.element.field] ?? 0, $0.offset) < (order[$1.element.field] ?? 0, $1.offset) }
            return .failure(ArchiveValidationFailure(sorted.map(\.element)))
        }
        return .success(ArchiveRecordValues(
            transferType: type,
            receivingUnitName: text[.receivingUnitName] ?? "",
            receivingUnitRegion: text[.receivingUnitRegion] ?? "",
            receivingUnitAddress: text[.receivingUnitAddress] ?? "",
            receivingUnitPostcode: text[.receivingUnitPostcode] ?? "",
            receivingUnitContact: text[.receivingUnitContact] ?? "",
            receivingUnitPhone: phone,
            transferMethod: method,
            trackingNumber: trackingNumber,
            retentionDeadline: text[.retentionDeadline] ?? "",
            transferNote: text[.transferNote] ?? "",
            migratesHukou: choice.migrates,
            hukouMigrationType: migrationType,
            hukouRegion: text[.hukouRegion] ?? "",
            hukouAddress: text[.hukouAddress] ?? "",
            policeStation: text[.policeStation] ?? ""
        ))
    }

    /// The entry a code field names, nil when empty or not in the list (the latter reported).
    private static func code<List: CodeList>(
        _ field: ArchiveField, _ text: [ArchiveField: String], _ fail: (ArchiveField, String) -> Void
    ) -> List? {
        guard let value = text[field], !value.isEmpty else { return nil }
        guard let entry = List(codeOrName: value) else {
            fail(field, "\(field.label)不在代码表中（\(List.allCases.map { "\($0.rawValue) \($0.name)" }.joined(separator: "、"))）")
            return nil
        }
        return entry
    }

    /// The region's problem as the end of a sentence after the field's label, nil when fine.
    static func regionProblem(_ code: String) -> String? {
        guard code.count == 6, code.allSatisfy({ $0.isASCII && $0.isNumber }) else { return "应为6位行政区划代码" }
        return Regions.isKnown(code) ? nil : "不在国家行政区划代码表（GB/T 2260）中，请从省、市、区县中选择"
    }

    static func isPostcode(_ text: String) -> Bool {
        text.count == 6 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// 保留原校 at most 2 years (§5), and only from graduation on.
    private static func checkRetention(_ date: String, _ context: ArchiveValidationContext, _ fail: (ArchiveField, String) -> Void) {
        guard BeijingTime.startOfDay(date) != nil else { return fail(.retentionDeadline, "保留期限应为日期，格式如2026-06-30") }
        guard let graduation = context.graduationDate, let latest = context.latestRetentionDeadline else { return }
        // Both are YYYY-MM-DD, so text order is date order.
        if date <= graduation {
            fail(.retentionDeadline, "保留期限应晚于毕业时间（\(graduation)）")
        } else if date > latest {
            fail(.retentionDeadline, "档案保留原校最长为毕业后2年，保留期限不能晚于\(latest)")
        }
    }
}
