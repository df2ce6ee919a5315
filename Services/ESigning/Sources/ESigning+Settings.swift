import AuthKit
import Foundation
import GRDB
public import GRPCCore
import GraduateDomain
public import GraduateProto
import ServiceKit
import StorageKit
import SwiftProtobuf

/// 签约设置 (DOMAIN.md §3): per school and 届别.
extension ESigningService {
    public func getSigningSettings(
        request: Graduate_Esigning_V1_GetSigningSettingsRequest,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_SigningSettings {
        let principal = try self.caller()
        guard let school = principal.schoolCode else { throw RPCError.denied() }
        let cohort = try Self.checkedCohort(request.cohort)
        return try await self.pool.read { db in try self.settingsAsShown(db, school: school, cohort: cohort) }
    }

    public func updateSigningSettings(
        request: Graduate_Esigning_V1_SigningSettings,
        context: ServerContext
    ) async throws -> Graduate_Esigning_V1_SigningSettings {
        let (principal, school) = try self.staffCaller()
        let cohort = try Self.checkedCohort(request.cohort)
        guard ["twoParty", "threeParty"].contains(request.agreementType) else {
            throw RPCError.invalid(field: "agreementType", "协议类型应为两方协议（twoParty）或三方协议（threeParty）")
        }
        guard ["schoolOnly", "departmentThenSchool"].contains(request.reviewMode) else {
            throw RPCError.invalid(field: "reviewMode", "审核方式应为仅学校审核（schoolOnly）或院系审核+学校审核（departmentThenSchool）")
        }
        guard (1...30).contains(request.maxResponseDays) else {
            throw RPCError.invalid(field: "maxResponseDays", "应约有效期应为1到30天")
        }
        let info = try Self.checkedSchoolInfo(request.schoolInfo)
        return try await self.pool.write { db in
            let current = try self.settingsAsShown(db, school: school, cohort: cohort)
            if current.agreementTypeLocked, current.agreementType != request.agreementType {
                throw RPCError.wrongState("已有毕业生办理网签业务，协议类型不可修改")
            }
            if request.reviewMode == "departmentThenSchool" {
                // Every 院系 with graduates of this 届别 needs its one reviewer first (§3).
                let missing = try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT g.department FROM graduate g
                        WHERE g.school_code = ? AND g.cohort = ? AND g.removed = 0 AND NOT EXISTS (
                            SELECT 1 FROM department d JOIN department_reviewer r ON r.department_id = d.id AND r.module = 'esigning'
                            WHERE d.school_code = g.school_code AND d.name = g.department)
                        ORDER BY g.department LIMIT 5
                        """,
                    arguments: [school, cohort]
                )
                if !missing.isEmpty {
                    throw RPCError.wrongState("以下院系尚未设置网签审核人：\(missing.joined(separator: "、"))。请先在账号管理中设置")
                }
            }
            try db.execute(
                sql: """
                    INSERT INTO signing_settings (school_code, cohort, agreement_type, signing_open, review_mode, max_response_days,
                                                  school_info, updated_at_ms, updated_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (school_code, cohort) DO UPDATE SET
                        agreement_type = excluded.agreement_type, signing_open = excluded.signing_open,
                        review_mode = excluded.review_mode, max_response_days = excluded.max_response_days,
                        school_info = excluded.school_info, updated_at_ms = excluded.updated_at_ms, updated_by = excluded.updated_by
                    """,
                arguments: [
                    school, cohort, request.agreementType, request.signingOpen, request.reviewMode, request.maxResponseDays,
                    try info.serializedBytes() as Data, self.settings.clock(), principal.subject,
                ]
            )
            return try self.settingsAsShown(db, school: school, cohort: cohort)
        }
    }

    /// The settings in force, or the defaults: 三方协议, closed, 仅学校审核, 7 days.
    func signingSettings(_ db: Database, school: String, cohort: Int) throws -> Graduate_Esigning_V1_SigningSettings {
        var settings = Graduate_Esigning_V1_SigningSettings()
        settings.cohort = Int32(cohort)
        if let row = try Row.fetchOne(
            db, sql: "SELECT * FROM signing_settings WHERE school_code = ? AND cohort = ?", arguments: [school, cohort]
        ) {
            settings.agreementType = row["agreement_type"]
            settings.signingOpen = row["signing_open"]
            settings.reviewMode = row["review_mode"]
            settings.maxResponseDays = row["max_response_days"]
            settings.schoolInfo = try Graduate_Esigning_V1_SchoolInfo(serializedBytes: row["school_info"] as Data)
            settings.updatedAtMs = row["updated_at_ms"]
        } else {
            settings.agreementType = "threeParty"
            settings.signingOpen = false
            settings.reviewMode = "schoolOnly"
            settings.maxResponseDays = self.settings.defaultMaxResponseDays
            settings.schoolInfo.schoolName = try String.fetchOne(db, sql: "SELECT name FROM school WHERE code = ?", arguments: [school]) ?? ""
        }
        return settings
    }

    /// The settings as the 签约设置 page shows them: with whether 协议类型 is locked (一旦有毕业生与
    /// 用人单位进行任何网签业务，不可修改). Only that page needs the lock, not every signing step.
    func settingsAsShown(_ db: Database, school: String, cohort: Int) throws -> Graduate_Esigning_V1_SigningSettings {
        var settings = try self.signingSettings(db, school: school, cohort: cohort)
        settings.agreementTypeLocked = try Bool.fetchOne(
            db, sql: "SELECT 1 FROM agreement WHERE school_code = ? AND cohort = ? LIMIT 1", arguments: [school, cohort]
        ) == true
        return settings
    }

    static func checkedCohort(_ cohort: Int32) throws -> Int {
        guard (2000...2100).contains(cohort) else { throw RPCError.invalid(field: "cohort", "届别应为4位年份，如2025") }
        return Int(cohort)
    }

    static func checkedSchoolInfo(_ info: Graduate_Esigning_V1_SchoolInfo) throws -> Graduate_Esigning_V1_SchoolInfo {
        var checked = Graduate_Esigning_V1_SchoolInfo()
        checked.schoolName = try Self.text(info.schoolName, field: "schoolInfo.schoolName", label: "学校名称", max: 100)
        checked.employmentOffice = try Self.text(info.employmentOffice, field: "schoolInfo.employmentOffice", label: "就业部门", max: 100)
        checked.contactName = try Self.text(info.contactName, field: "schoolInfo.contactName", label: "联系人", max: 50)
        guard let phone = ContactPhone(info.contactPhone) else {
            throw RPCError.invalid(field: "schoolInfo.contactPhone", "联系电话格式不正确（手机号或带区号的固定电话）")
        }
        checked.contactPhone = phone.value
        checked.address = try Self.text(info.address, field: "schoolInfo.address", label: "通讯地址", max: 200)
        let postcode = info.postcode.trimmingCharacters(in: .whitespaces)
        guard postcode.count == 6, postcode.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw RPCError.invalid(field: "schoolInfo.postcode", "邮编应为6位数字")
        }
        checked.postcode = postcode
        checked.opinion = try Self.text(info.opinion, field: "schoolInfo.opinion", label: "学校意见", max: 500, required: false)
        return checked
    }

    /// Trimmed text with a Chinese error naming the field when missing or too long.
    static func text(_ value: String, field: String, label: String, max: Int, required: Bool = true) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if required, trimmed.isEmpty { throw RPCError.invalid(field: field, "请填写\(label)") }
        guard trimmed.count <= max else { throw RPCError.invalid(field: field, "\(label)最多\(max)字") }
        // Long texts (remarks, opinions) keep their line breaks; names and addresses may not.
        if let problem = DisplayText.problem(in: trimmed, allowingLineBreaks: max >= 500) {
            throw RPCError.invalid(field: field, "\(label)\(problem)")
        }
        return trimmed
    }
}
