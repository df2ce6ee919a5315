import ArchiveDomain
import ArchiveService
import AuthKit
import DocumentKit
import Foundation
import GRDB
import GRPCCore
import GraduateProto
import StorageKit
import SwiftProtobuf
import Testing

/// 批量导入, 下载模板, 下载代码 and the Excel exports of 档案/户口信息管理, over TCP.
@Suite("Archive import and exports")
struct ArchiveImportTests {
    static func message(_ error: any Error) -> String { (error as? RPCError)?.message ?? "\(error)" }

    /// A row of the template: 身份证号, 姓名, then the fields in ArchiveField order.
    static func row(_ idNumber: String, _ name: String, unit: String = "上海示范科技有限公司", postcode: String = "200120") -> [String] {
        var cells = [idNumber, name]
        var values = ArchiveHarness.unitValues(unit)
        values.receivingUnitPostcode = postcode
        let byField: [ArchiveField: String] = [
            .transferType: values.transferType, .receivingUnitName: values.receivingUnitName,
            .receivingUnitRegion: values.receivingUnitRegion, .receivingUnitAddress: values.receivingUnitAddress,
            .receivingUnitPostcode: values.receivingUnitPostcode, .receivingUnitContact: values.receivingUnitContact,
            .receivingUnitPhone: values.receivingUnitPhone, .transferMethod: values.transferMethod,
            .migratesHukou: values.migratesHukou, .hukouMigrationType: values.hukouMigrationType,
            .hukouRegion: values.hukouRegion, .hukouAddress: values.hukouAddress, .policeStation: values.policeStation,
        ]
        cells += ArchiveField.allCases.map { byField[$0] ?? "" }
        return cells
    }

    static func csv(_ rows: [[String]], header: [String] = ArchiveImport.headers) -> Data {
        Data((([header] + rows).map(CSVReader.line).joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func request(_ content: Data, fileName: String = "档案.csv", preview: Bool, digest: String = "") -> Graduate_Archive_V1_ImportArchiveRecordsRequest {
        var request = Graduate_Archive_V1_ImportArchiveRecordsRequest()
        request.content = content
        request.fileName = fileName
        request.preview = preview
        request.expectedPlanDigest = digest
        return request
    }

    /// A school with three graduates: g0 unregistered, g1 registered with the values the file
    /// repeats, g2 registered with another unit.
    static func seeded(_ harness: ArchiveHarness) async throws {
        try await harness.school()
        try await harness.department("d1", "计算机学院")
        for (index, name) in ["王一", "王二", "王三"].enumerated() {
            try await harness.rosterGraduate("g\(index)", name: name, idNumber: ArchiveHarness.idNumber(index))
        }
        try await harness.settings()
        let admin = try await harness.schoolAdmin()
        for (graduate, unit) in [("g1", "上海示范科技有限公司"), ("g2", "北京旧单位有限公司")] {
            let application = try await harness.submit(graduate, ArchiveHarness.unitValues(unit))
            _ = try await harness.act(application.id, "schoolApprove", as: admin)
        }
    }

    static func registeredCount(_ harness: ArchiveHarness) async throws -> Int {
        try await harness.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM archive_record") ?? 0 }
    }

    @Test("a preview lists what the file would do and changes nothing; the import with its digest registers, changes and skips the unchanged, with history and events")
    func previewThenImport() async throws {
        try await ArchiveHarness.run { harness in
            try await Self.seeded(harness)
            let admin = try await harness.schoolAdmin()
            let file = Self.csv([
                Self.row(ArchiveHarness.idNumber(0), "王一"),
                Self.row(ArchiveHarness.idNumber(1), "王二"),
                Self.row(ArchiveHarness.idNumber(2), "王三", unit: "上海新单位有限公司"),
                ["", ""],  // a blank row is skipped
            ])
            let preview = try await harness.client.importArchiveRecords(Self.request(file, preview: true), metadata: admin)
            #expect(!preview.applied && preview.errors.isEmpty && preview.rows == 3)
            #expect(preview.registered == 1 && preview.changed == 1 && preview.unchanged == 1)
            #expect(preview.entries.map(\.kind) == ["register", "change"])
            let change = try #require(preview.entries.last?.changes.first { $0.field == "receivingUnitName" })
            #expect(change.oldValue == "北京旧单位有限公司" && change.newValue == "上海新单位有限公司")
            #expect(try await Self.registeredCount(harness) == 2)

            let imported = try await harness.client.importArchiveRecords(Self.request(file, preview: false, digest: preview.planDigest), metadata: admin)
            #expect(imported.applied && imported.registered == 1 && imported.changed == 1)
            #expect(try await Self.registeredCount(harness) == 3)
            let record = try await harness.client.getArchiveRecord(.with { $0.graduateID = "g2" }, metadata: admin)
            #expect(record.statusName == "已登记" && record.values.receivingUnitName == "上海新单位有限公司")
            let (steps, events) = try await harness.pool.read { db in
                (
                    try String.fetchAll(db, sql: "SELECT reason FROM archive_history WHERE action = 'schoolImport' ORDER BY graduate_id"),
                    try String.fetchAll(db, sql: "SELECT type FROM outbox_event WHERE type LIKE 'archive.record.%' ORDER BY seq")
                )
            }
            #expect(steps == ["批量导入", "批量导入"])
            #expect(events.suffix(2) == ["archive.record.registered", "archive.record.changed"])

            // The same file again changes nothing.
            let again = try await harness.client.importArchiveRecords(Self.request(file, preview: true), metadata: admin)
            #expect(again.registered == 0 && again.changed == 0 && again.unchanged == 3)
        }
    }

    @Test("every bad row is named with its row, column and reason, and nothing of the file is applied")
    func badRowsApplyNothing() async throws {
        try await ArchiveHarness.run { harness in
            try await Self.seeded(harness)
            try await harness.rosterGraduate("g3", name: "王四", idNumber: ArchiveHarness.idNumber(3))
            _ = try await harness.submit("g3")  // under review
            let admin = try await harness.schoolAdmin()
            let file = Self.csv([
                Self.row(ArchiveHarness.idNumber(0), "王一"),                        // row 2: good
                Self.row(ArchiveHarness.idNumber(9), "无此人"),                      // row 3: not on the roster
                Self.row(ArchiveHarness.idNumber(1), "张冠李戴"),                    // row 4: name differs
                Self.row(ArchiveHarness.idNumber(2), "王三", postcode: "2001"),      // row 5: bad 邮编
                Self.row(ArchiveHarness.idNumber(0), "王一"),                        // row 6: repeats row 2
                Self.row(ArchiveHarness.idNumber(3), "王四"),                        // row 7: application under review
                Self.row("110105200405019999", "王五"),                              // row 8: bad 身份证号
            ])
            for preview in [true, false] {
                let answer = try await harness.client.importArchiveRecords(Self.request(file, preview: preview), metadata: admin)
                #expect(!answer.applied && answer.planDigest.isEmpty && answer.entries.isEmpty)
                let errors = answer.errors.map { "\($0.row)|\($0.column)" }
                #expect(errors.contains("3|身份证号") && errors.contains("4|姓名") && errors.contains("5|邮编"))
                #expect(errors.contains("6|身份证号") && errors.contains("7|身份证号") && errors.contains("8|身份证号"))
                #expect(!errors.contains { $0.hasPrefix("2|") })
                #expect(answer.errors.first { $0.row == 6 }?.reason == "与第2行重复")
            }
            #expect(try await Self.registeredCount(harness) == 2)
        }
    }

    @Test("a file that is not the template is refused with the reason: header, encoding, empty, a fake .xlsx, another kind of file")
    func badFiles() async throws {
        try await ArchiveHarness.run { harness in
            try await Self.seeded(harness)
            let admin = try await harness.schoolAdmin()
            let cases: [(Data, String, String)] = [
                (Self.csv([Self.row(ArchiveHarness.idNumber(0), "王一")], header: ["姓名", "身份证号"]), "a.csv", "第1行应为模板的表头"),
                (Data([0xFF, 0xFE, 0x41]), "a.csv", "UTF-8"),
                (Data(), "a.csv", "请选择要导入的文件"),
                (Self.csv([]), "a.csv", "没有数据行"),
                (Data("不是压缩包".utf8), "a.xlsx", "不是有效的Excel"),
                (Data("x".utf8), "a.pdf", "请上传Excel"),
            ]
            for (content, name, expected) in cases {
                let error = await #expect(throws: RPCError.self) {
                    _ = try await harness.client.importArchiveRecords(Self.request(content, fileName: name, preview: true), metadata: admin)
                }
                #expect(error?.code == .invalidArgument)
                #expect(Self.message(error!).contains(expected), "\(name): \(Self.message(error!))")
            }
        }
    }

    @Test("an .xlsx written by Excel's library imports like the CSV; code columns take names too")
    func excelFile() async throws {
        try await ArchiveHarness.run { harness in
            try await Self.seeded(harness)
            let admin = try await harness.schoolAdmin()
            var row = Self.row(ArchiveHarness.idNumber(0), "王一")
            row[2] = "单位接收"  // 档案转递类型 by name
            let workbook = XLSXWorkbook(sheets: [.init(name: "导入", header: ArchiveImport.headers, rows: [row.map { .text($0) }])])
            let answer = try await harness.client.importArchiveRecords(
                Self.request(try workbook.data(), fileName: "档案.xlsx", preview: false), metadata: admin
            )
            #expect(answer.applied && answer.registered == 1, "\(answer.errors)")
            let record = try await harness.client.getArchiveRecord(.with { $0.graduateID = "g0" }, metadata: admin)
            #expect(record.values.transferType == "01")
        }
    }

    @Test("a preview's digest no longer holds once a record it would change moved: refused, nothing applied")
    func stalePreview() async throws {
        try await ArchiveHarness.run { harness in
            try await Self.seeded(harness)
            let admin = try await harness.schoolAdmin()
            let file = Self.csv([Self.row(ArchiveHarness.idNumber(2), "王三", unit: "上海新单位有限公司")])
            let preview = try await harness.client.importArchiveRecords(Self.request(file, preview: true), metadata: admin)
            var edit = Graduate_Archive_V1_UpdateArchiveRecordRequest()
            edit.graduateID = "g2"
            edit.values = ArchiveHarness.unitValues("广州又一单位有限公司")
            edit.reason = "单位更名"
            _ = try await harness.client.updateArchiveRecord(edit, metadata: admin)
            let error = await #expect(throws: RPCError.self) {
                _ = try await harness.client.importArchiveRecords(Self.request(file, preview: false, digest: preview.planDigest), metadata: admin)
            }
            #expect(error?.code == .failedPrecondition && Self.message(error!).contains("重新预览"))
            let record = try await harness.client.getArchiveRecord(.with { $0.graduateID = "g2" }, metadata: admin)
            #expect(record.values.receivingUnitName == "广州又一单位有限公司")
        }
    }

    @Test("批量导入 is the school's: a 院系 account is refused; another school's graduates are not on this roster")
    func whoMayImport() async throws {
        try await ArchiveHarness.run { harness in
            try await Self.seeded(harness)
            try await harness.school("10002")
            try await harness.rosterGraduate("x1", name: "外校生", school: "10002", idNumber: ArchiveHarness.idNumber(50))
            let file = Self.csv([Self.row(ArchiveHarness.idNumber(50), "外校生")])
            let reviewer = try await harness.staff("reviewer-1", role: .departmentOperator, department: "d1")
            let denied = await #expect(throws: RPCError.self) {
                _ = try await harness.client.importArchiveRecords(Self.request(file, preview: true), metadata: reviewer)
            }
            #expect(denied?.code == .permissionDenied)
            let answer = try await harness.client.importArchiveRecords(Self.request(file, preview: true), metadata: try await harness.schoolAdmin())
            #expect(answer.errors.map(\.reason) == ["该身份证号不在本校学生名单中"])
        }
    }

    @Test("下载模板, 下载代码 and the exports are real .xlsx files with the lists' rows, filters applied")
    func downloads() async throws {
        try await ArchiveHarness.run { harness in
            try await Self.seeded(harness)
            let admin = try await harness.schoolAdmin()
            let template = try await harness.client.getArchiveImportTemplate(.init(), metadata: admin)
            #expect(template.fileName.hasPrefix("档案户口信息导入模板-") && template.fileName.hasSuffix(".xlsx"))
            #expect(try XLSXReader.records(from: template.content).first?.fields == ArchiveImport.headers)

            let codes = try XLSXReader.records(from: try await harness.client.getArchiveCodeList(.init(), metadata: admin).content)
            #expect(codes.contains { $0.fields == ["档案转递类型", "05", "保留原校"] })
            #expect(codes.contains { $0.fields.first == "行政区划" && $0.fields.dropFirst().first == "310115" })

            var filter = Graduate_Archive_V1_ArchiveListFilter()
            filter.status = "registered"
            let records = try XLSXReader.records(from: try await harness.client.exportArchiveRecords(.with { $0.filter = filter }, metadata: admin).content)
            #expect(records.count == 3)  // the header and g1, g2
            #expect(records.dropFirst().allSatisfy { $0.fields[6] == "已登记" })

            let applications = try XLSXReader.records(from: try await harness.client.exportArchiveApplications(.init(), metadata: admin).content)
            #expect(applications.count == 3 && applications[1].fields[5] == "审核通过")

            let statistics = try await harness.client.exportArchiveStatistics(.with { $0.cohort = 2027 }, metadata: admin)
            let table = try XLSXReader.records(from: statistics.content)
            #expect(statistics.fileName.hasPrefix("档案户口数据统计2027届-"))
            #expect(table[1].fields.prefix(5) == ["总计", "3", "2", "0", "1"])
        }
    }
}
