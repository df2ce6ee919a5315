import ArchiveDomain
import GraduateDomain
import Testing

/// The reviewer's diff (申请记录) and the code lists.
@Suite("Archive changes and code lists (§5)")
struct ArchiveChangesTests {
    static let old = ArchiveRecordValues(
        transferType: .employer, receivingUnitName: "学信咨询服务有限公司", receivingUnitRegion: "110108",
        receivingUnitAddress: "中关村大街1号", receivingUnitPostcode: "100080", receivingUnitContact: "王老师",
        receivingUnitPhone: "010-12345678", transferMethod: .confidentialMail
    )

    @Test("only the changed fields, in form order, shown as people read them")
    func changes() {
        var new = Self.old
        new.transferType = .custodian
        new.receivingUnitRegion = "310115"
        new.transferMethod = .ems
        new.migratesHukou = true
        new.hukouMigrationType = .origin
        new.hukouRegion = "440305"
        #expect(ArchiveChanges.between(Self.old, new) == [
            ArchiveFieldChange(field: .transferType, label: "档案转递类型", old: "单位接收", new: "托管单位接收"),
            ArchiveFieldChange(field: .receivingUnitRegion, label: "接收单位所在地", old: "北京市海淀区", new: "上海市浦东新区"),
            ArchiveFieldChange(field: .transferMethod, label: "转递方式", old: "机要通信", new: "EMS"),
            ArchiveFieldChange(field: .migratesHukou, label: "是否迁移户口", old: "否", new: "是"),
            ArchiveFieldChange(field: .hukouMigrationType, label: "户口迁移类型", old: "", new: "迁回生源地"),
            ArchiveFieldChange(field: .hukouRegion, label: "户口迁入地区", old: "", new: "广东省深圳市南山区"),
        ])
        #expect(ArchiveChanges.between(Self.old, Self.old) == [])
    }

    @Test("a first application lists every field it fills in beside an empty old value")
    func firstApplication() {
        let changes = ArchiveChanges.between(nil, Self.old)
        #expect(changes.map(\.field) == [
            .transferType, .receivingUnitName, .receivingUnitRegion, .receivingUnitAddress, .receivingUnitPostcode,
            .receivingUnitContact, .receivingUnitPhone, .transferMethod, .migratesHukou,
        ])
        #expect(changes.allSatisfy { $0.old.isEmpty && $0.label == $0.field.label })
        #expect(changes.last?.new == "否")
    }

    @Test("a code the region list lacks is shown as stored")
    func unknownRegion() {
        var new = Self.old
        new.receivingUnitRegion = "110199"
        #expect(ArchiveChanges.between(Self.old, new).first?.new == "110199")
    }

    @Test("code lists: two-digit codes (是否迁移户口 1/0), exact names, found by code or name")
    func codeLists() {
        #expect(ArchiveTransferType.allCases.map(\.rawValue) == ["01", "02", "03", "04", "05", "99"])
        #expect(ArchiveTransferType.allCases.map(\.name) == ["单位接收", "托管单位接收", "转回生源地", "升学外校接收", "保留原校", "其他"])
        #expect(ArchiveTransferType.allCases.filter(\.needsReceivingUnit) == [.employer, .custodian, .origin, .furtherStudy])
        #expect(ArchiveTransferMethod.allCases.map { "\($0.rawValue) \($0.name)" } == ["01 机要通信", "02 EMS"])
        #expect(HukouMigrationType.allCases.map { "\($0.rawValue) \($0.name)" } == ["01 迁回生源地", "02 迁至就业单位所在地", "03 迁至升学学校", "99 其他"])
        #expect(HukouMigrationChoice.allCases.map { "\($0.rawValue) \($0.name)" } == ["1 是", "0 否"])
        #expect(ArchiveTransferType(codeOrName: "保留原校") == .keptBySchool && ArchiveTransferType(codeOrName: "05") == .keptBySchool)
        #expect(HukouMigrationChoice(true) == .migrates && !HukouMigrationChoice.stays.migrates)
    }
}
