import ArgumentParser
import Foundation
import NIOCore
import NIOHTTP1
import ProcessLauncher

/// 档案/户口信息 at a whole school's scale (issue 14): every graduate's record from one
/// 批量导入 file (the preview, then the import of exactly the previewed plan), then 数据统计
/// and a filtered records list on them. The peer, in the same run: accounts' roster list with
/// the same filter on the same graduates.
struct ArchiveBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Import --graduates 档案/户口信息 records in one file, then time 数据统计 and a filtered list on them against the roster list."
    )

    @OptionGroup var options: SystemOptions

    @Option(help: "Sequential requests per timed query.")
    var requests = 200

    /// The template's header (下载模板): the import refuses a file whose first row differs.
    static let header = [
        "身份证号", "姓名", "档案转递类型", "档案接收单位名称", "接收单位所在地", "接收单位地址", "邮编", "联系人", "联系电话",
        "转递方式", "转递单号", "保留期限", "档案转递说明", "是否迁移户口", "户口迁移类型", "户口迁入地区", "户口迁入详细地址", "接收派出所",
    ]

    /// One 单位接收 record per graduate (every 7th 转回生源地, no 户口 move): the types vary, as
    /// the statistics' columns do.
    static func archiveCSV(count: Int) -> [UInt8] {
        var text = "\u{FEFF}" + Self.header.joined(separator: ",") + "\r\n"
        text.reserveCapacity(count * 200)
        for index in 0..<count {
            text += "\(TestData.idNumber(index)),\(TestData.name(index)),"
            if index % 7 == 0 {
                text += "03,北京市海淀区人才服务中心,110108,北京市海淀区示范路2号,100080,王老师,010-62750000,01,,,,0,,,,\r\n"
            } else {
                text += "01,上海示范科技有限公司\(index % 50),310115,上海市浦东新区世纪大道100号,200120,李老师,13800138000,02,"
                text += "EA\(String(format: "%09d", index))CN,,,1,02,310115,世纪大道100号,浦东新区陆家嘴派出所\r\n"
            }
        }
        return Array(text.utf8)
    }

    func run() async throws {
        let options = self.options
        let harness = try Harness(options: options)
        harness.printHeader("档案/户口信息: 批量导入 of a whole school, then 数据统计 and a filtered list")
        try await harness.withSystem { system, api in
            try await self.measure(system: system, api: api)
        }
        harness.cleanUp()
    }

    private func measure(system: LaunchedSystem, api: GatewayAPI) async throws {
        let options = self.options
        let count = options.graduates
        print("\n## Seeding the school and its roster")
        let seeder = Seeder(
            api: api, system: system, operatorPassword: options.operatorPassword, graduates: count, employers: options.employers,
            cohort: options.cohort, propagationTimeout: .seconds(options.propagationTimeout)
        )
        let school = try await seeder.seedSchool { print($0) }
        let admin = school.adminToken
        _ = try await seeder.importRoster(TestData.rosterCSV(count: count, cohort: options.cohort), adminToken: admin, expectedWrites: count)
        let synced = ContinuousClock.now
        try await Self.awaitRoster(api: api, admin: admin, cohort: options.cohort, count: count, timeout: .seconds(options.propagationTimeout))
        print("  archive holds the \(count) graduates \(fixed((ContinuousClock.now - synced).seconds, 2)) s after the roster import answered")

        print("\n## 批量导入 (\(count) rows)")
        let file = Self.archiveCSV(count: count)
        var preview = Multipart()
        preview.file("file", fileName: "档案户口信息.csv", contentType: "text/csv", file)
        let previewStart = ContinuousClock.now
        let planned = try await api.expect(200, .POST, "/api/v1/archive-import-previews", body: preview.finished(), contentType: preview.contentType, token: admin)
        let previewSeconds = (ContinuousClock.now - previewStart).seconds
        guard let digest = planned.object["planDigest"] as? String, planned.object["registeredCount"] as? Int == count else {
            throw BenchmarkFailure("the preview did not plan \(count) registrations: \(planned.text.prefix(400))")
        }
        var upload = Multipart()
        upload.file("file", fileName: "档案户口信息.csv", contentType: "text/csv", file)
        upload.field("expectedPlanDigest", digest)
        let importStart = ContinuousClock.now
        let imported = try await api.expect(200, .POST, "/api/v1/archive-imports", body: upload.finished(), contentType: upload.contentType, token: admin)
        let importSeconds = (ContinuousClock.now - importStart).seconds
        guard imported.object["applied"] as? Bool == true else { throw BenchmarkFailure("the import did not apply: \(imported.text.prefix(400))") }
        print("| step | time |")
        print("|---|---:|")
        print("| preview (\(file.count / 1024) KiB, \(count) rows) | \(fixed(previewSeconds, 2)) s |")
        print("| import of the previewed plan (\(count) records registered, history and events) | \(fixed(importSeconds, 2)) s |")

        let department = TestData.departments[0].0.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""
        let cohort = options.cohort
        print("\n## Queries on \(count) records, \(self.requests) sequential requests each (ms)")
        print("| request | requests | p50 ms | p90 ms | p99 ms | max ms | mean ms |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for (title, path) in [
            ("GET /archive-statistics (数据统计 per 院系 with 总计)", "/api/v1/archive-statistics?cohort=\(cohort)"),
            ("GET /archive-records, one 院系, 已登记, 20 a page", "/api/v1/archive-records?cohort=\(cohort)&department=\(department)&status=registered&pageSize=20"),
            ("GET /archive-records, one 院系, 档案转递类型 03, page 10", "/api/v1/archive-records?cohort=\(cohort)&department=\(department)&transferType=03&pageSize=20&pageToken=\(Data("180".utf8).base64EncodedString())"),
            ("peer: GET /graduates (accounts), one 院系, 20 a page", "/api/v1/graduates?cohort=\(cohort)&department=\(department)&pageSize=20"),
        ] {
            var samples: [Double] = []
            for _ in 0..<self.requests {
                let start = ContinuousClock.now
                _ = try await api.expect(200, .GET, path, token: admin)
                samples.append((ContinuousClock.now - start).seconds * 1000)
            }
            Run.printRow(title, Percentiles(samples))
        }
        print("  load average after the run (1, 5, 15 min): \(Harness.loadAverage())")
    }

    /// Until archive's 数据统计 counts every graduate of the roster (accounts' events, relayed).
    static func awaitRoster(api: GatewayAPI, admin: String, cohort: Int, count: Int, timeout: Duration) async throws {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            let reply = try await api.send(.GET, "/api/v1/archive-statistics?cohort=\(cohort)", token: admin)
            let rows = reply.object["rows"] as? [[String: Any]]
            if reply.status == 200, rows?.first?["total"] as? Int == count { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchmarkFailure("archive did not hold the \(count) graduates within \(timeout)")
    }
}
