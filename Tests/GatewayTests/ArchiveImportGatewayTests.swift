import DocumentKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// 批量导入, 下载模板, 下载代码, the Excel exports and the forms' code lists of 档案/户口信息管理
/// through the gateway, against the real archive service in this process (`InProcessSystem`).
/// The files are made as a school makes them: the template downloaded, its header read, rows
/// filled in under it, saved as CSV or .xlsx, and uploaded as a form.
@Suite("档案/户口信息 批量导入 and downloads through the gateway")
struct ArchiveImportGatewayTests {
    typealias System = InProcessSystemTests

    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    struct Download {
        var status: HTTPResponse.Status
        var contentType: String?
        var disposition: String?
        var content: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: self.content)) as? [String: Any] ?? [:] }
    }

    static func download(_ client: any TestClientProtocol, _ uri: String, token: String?) async throws -> Download {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: .get, headers: headers) { response in
            Download(
                status: response.status, contentType: response.headers[.contentType], disposition: response.headers[.contentDisposition],
                content: Data(response.body.readableBytesView)
            )
        }
    }

    /// A `multipart/form-data` upload: the file as the `file` part, then the text fields.
    static func upload(
        _ client: any TestClientProtocol, _ uri: String, file: Data, fileName: String, fields: [(String, String)] = [], token: String?
    ) async throws -> System.Reply {
        let boundary = "archive-\(UUID().uuidString)"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\n".utf8)
        body += Data("Content-Type: application/octet-stream\r\n\r\n".utf8) + file + Data("\r\n".utf8)
        for (name, value) in fields {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: Array(body))) { response in
            let json = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
            return System.Reply(status: response.status, json: json ?? [:], requestID: response.headers[.init("X-Request-Id")!])
        }
    }

    /// What a school types under the template's headers for a graduate going to a unit in 上海.
    static func unitRow(_ graduate: [String: Any], unit: String = "上海示范科技有限公司", postcode: String = "200120") -> [String: String] {
        [
            "身份证号": graduate["idNumber"] as? String ?? "", "姓名": graduate["name"] as? String ?? "",
            "档案转递类型": "单位接收", "档案接收单位名称": unit, "接收单位所在地": "310115", "接收单位地址": "上海市浦东新区世纪大道100号",
            "邮编": postcode, "联系人": "李老师", "联系电话": "13800138000", "转递方式": "机要通信", "转递单号": "",
            "是否迁移户口": "是", "户口迁移类型": "02", "户口迁入地区": "310115", "户口迁入详细地址": "世纪大道100号",
            "接收派出所": "浦东新区陆家嘴派出所",
        ]
    }

    static func cells(_ header: [String], _ row: [String: String]) -> [String] {
        header.map { row[$0] ?? "" }
    }

    static func csv(_ header: [String], _ rows: [[String: String]]) -> Data {
        Data((([header] + rows.map { Self.cells(header, $0) }).map(CSVReader.line).joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func xlsx(_ header: [String], _ rows: [[String: String]]) throws -> Data {
        let cells = rows.map { Self.cells(header, $0).map(XLSXWorkbook.Cell.text) }
        return try XLSXWorkbook(sheets: [XLSXWorkbook.Sheet(name: "导入", header: header, rows: cells)]).data()
    }

    /// The school with graduates 1 and 2 on the roster, once both have reached archive; the admin's token.
    static func school(_ client: any TestClientProtocol) async throws -> String {
        let admin = try await System.school(client)
        let added = try await System.send(client, .post, "/api/v1/graduates", System.graduate(2), token: admin)
        #expect(added.status == .created, "\(added.json)")
        _ = try await System.eventually("the roster reached archive") {
            let reply = try await System.send(client, .get, "/api/v1/archive-records?cohort=\(System.cohort)", token: admin)
            return reply.json["total"] as? Int == 2 ? reply : nil
        }
        return admin
    }

    /// The template's header row, read from the downloaded .xlsx as a school's spreadsheet would.
    static func templateHeader(_ client: any TestClientProtocol, admin: String) async throws -> [String] {
        let template = try await Self.download(client, "/api/v1/archive-import-template", token: admin)
        #expect(template.status == .ok && template.contentType == Self.xlsxType, "\(template.status) \(template.contentType ?? "")")
        let records = try XLSXReader.records(from: template.content)
        return try #require(records.first?.fields, "the template's header")
    }

    @Test("a CSV with bad rows: the preview and the import name every row, column and reason, and nothing is applied")
    func badRowsApplyNothing() async throws {
        try await InProcessSystem.run { client, _ in
            let admin = try await Self.school(client)
            let header = try await Self.templateHeader(client, admin: admin)
            var wrongName = Self.unitRow(System.graduate(2))
            wrongName["姓名"] = "张冠李戴"
            let file = Self.csv(header, [Self.unitRow(System.graduate(1), postcode: "2001"), wrongName])
            for uri in ["/api/v1/archive-import-previews", "/api/v1/archive-imports"] {
                let reply = try await Self.upload(client, uri, file: file, fileName: "档案信息.csv", token: admin)
                #expect(reply.status == (uri.hasSuffix("previews") ? .ok : .unprocessableContent), "\(uri): \(reply.json)")
                #expect(reply.json["applied"] as? Bool == false && reply.json["rows"] as? Int == 2, "\(reply.json)")
                let errors = reply.json["errors"] as? [[String: Any]] ?? []
                #expect(errors.map { "\($0["row"] as? Int ?? 0) \($0["column"] as? String ?? "")" } == ["2 邮编", "3 姓名"], "\(errors)")
                #expect(reply.json["errorCount"] as? Int == 2 && reply.json["planDigest"] == nil && (reply.json["entries"] as? [Any])?.isEmpty == true)
                #expect((errors.last?["reason"] as? String)?.contains("姓名不一致") == true, "\(errors)")
            }
            let registered = try await System.send(client, .get, "/api/v1/archive-records?status=registered", token: admin)
            #expect(registered.json["total"] as? Int == 0, "\(registered.json)")
        }
    }

    @Test("a good CSV previewed, then imported with the preview's digest and a reason: both graduates 已登记; a stale digest is 409; the same file as .xlsx changes nothing")
    func previewThenImport() async throws {
        try await InProcessSystem.run { client, _ in
            let admin = try await Self.school(client)
            let header = try await Self.templateHeader(client, admin: admin)
            let file = Self.csv(header, [Self.unitRow(System.graduate(1)), Self.unitRow(System.graduate(2), unit: "北京示范软件有限公司")])
            let preview = try await Self.upload(client, "/api/v1/archive-import-previews", file: file, fileName: "档案信息.csv", token: admin)
            #expect(preview.status == .ok && preview.json["applied"] as? Bool == false, "\(preview.json)")
            #expect(preview.json["registeredCount"] as? Int == 2 && preview.json["changedCount"] as? Int == 0 && preview.json["errorCount"] as? Int == 0)
            let entries = preview.json["entries"] as? [[String: Any]] ?? []
            #expect(entries.map { $0["kind"] as? String } == ["register", "register"] && entries.map { $0["row"] as? Int } == [2, 3], "\(entries)")
            #expect((entries.first?["graduate"] as? [String: Any])?["name"] as? String == "学生1")
            let unit = (entries.last?["changes"] as? [[String: Any]])?.first { $0["field"] as? String == "receivingUnitName" }
            #expect(unit?["label"] as? String == "档案接收单位名称" && unit?["newValue"] as? String == "北京示范软件有限公司", "\(entries)")
            let digest = try #require(preview.json["planDigest"] as? String)
            #expect((try await System.send(client, .get, "/api/v1/archive-records?status=registered", token: admin)).json["total"] as? Int == 0)

            let imported = try await Self.upload(client, "/api/v1/archive-imports", file: file, fileName: "档案信息.csv", fields: [
                ("expectedPlanDigest", digest), ("reason", "按单位来函批量登记"),
            ], token: admin)
            #expect(imported.status == .ok && imported.json["applied"] as? Bool == true && imported.json["registeredCount"] as? Int == 2, "\(imported.json)")
            let registered = try await System.send(client, .get, "/api/v1/archive-records?status=registered&cohort=\(System.cohort)", token: admin)
            #expect(registered.json["total"] as? Int == 2, "\(registered.json)")
            let record = ArchiveGatewayTests.items(registered).first { ($0["graduate"] as? [String: Any])?["name"] as? String == "学生2" } ?? [:]
            #expect(record["statusName"] as? String == "已登记" && (record["values"] as? [String: Any])?["receivingUnitName"] as? String == "北京示范软件有限公司")

            // The preview's plan is spent: the records moved since.
            let stale = try await Self.upload(client, "/api/v1/archive-imports", file: file, fileName: "档案信息.csv", fields: [
                ("expectedPlanDigest", digest),
            ], token: admin)
            #expect(stale.status == .conflict && (stale.error["message"] as? String)?.contains("重新预览") == true, "\(stale.json)")

            // The same rows saved from Excel: read from the first sheet, nothing left to change.
            let excel = try Self.xlsx(header, [Self.unitRow(System.graduate(1)), Self.unitRow(System.graduate(2), unit: "北京示范软件有限公司")])
            let again = try await Self.upload(client, "/api/v1/archive-import-previews", file: excel, fileName: "档案信息.xlsx", token: admin)
            #expect(again.status == .ok && again.json["unchangedCount"] as? Int == 2 && again.json["registeredCount"] as? Int == 0, "\(again.json)")
            // An .xlsx changing one unit, imported without a digest.
            let moved = try Self.xlsx(header, [Self.unitRow(System.graduate(1), unit: "上海新单位有限公司")])
            let changed = try await Self.upload(client, "/api/v1/archive-imports", file: moved, fileName: "档案信息.xlsx", token: admin)
            #expect(changed.status == .ok && changed.json["changedCount"] as? Int == 1, "\(changed.json)")
            let change = ((changed.json["entries"] as? [[String: Any]])?.first?["changes"] as? [[String: Any]])?.first
            #expect(change?["oldValue"] as? String == "上海示范科技有限公司" && change?["newValue"] as? String == "上海新单位有限公司", "\(changed.json)")
        }
    }

    @Test("下载模板, 下载代码 and the exports of the records (失效 too), the applications and 数据统计 are .xlsx files with a Chinese filename*")
    func downloads() async throws {
        try await InProcessSystem.run { client, _ in
            let admin = try await Self.school(client)
            let header = try await Self.templateHeader(client, admin: admin)
            #expect(Array(header.prefix(3)) == ["身份证号", "姓名", "档案转递类型"], "\(header)")
            let imported = try await Self.upload(
                client, "/api/v1/archive-imports", file: Self.csv(header, [Self.unitRow(System.graduate(1))]), fileName: "a.csv", token: admin
            )
            #expect(imported.status == .ok, "\(imported.json)")
            let cohort = System.cohort
            for (uri, name) in [
                ("/api/v1/archive-import-template", "档案户口信息导入模板"), ("/api/v1/archive-import-codes", "档案户口信息代码"),
                ("/api/v1/archive-records?format=xlsx&cohort=\(cohort)", "档案户口信息"),
                ("/api/v1/archive-records?format=xlsx&invalid=true", "档案户口失效信息"),
                ("/api/v1/archive-applications?format=xlsx&cohort=\(cohort)", "档案户口申请记录"),
                ("/api/v1/archive-statistics?format=xlsx&cohort=\(cohort)", "档案户口数据统计\(cohort)届"),
            ] {
                let file = try await Self.download(client, uri, token: admin)
                #expect(file.status == .ok && file.contentType == Self.xlsxType, "\(uri): \(file.status) \(file.contentType ?? "") \(file.json)")
                // `name-YYYY-MM-DD.xlsx`, in RFC 5987's percent-encoding, beside an ASCII fallback.
                let disposition = file.disposition ?? ""
                #expect(disposition.hasPrefix("attachment; filename=\"") && disposition.contains(".xlsx\"; "), "\(uri): \(disposition)")
                let encoded = disposition.range(of: "filename*=UTF-8''").map { String(disposition[$0.upperBound...]) } ?? ""
                let decoded = encoded.removingPercentEncoding ?? ""
                #expect(decoded.hasPrefix("\(name)-") && decoded.hasSuffix(".xlsx") && !encoded.contains(where: { !$0.isASCII }), "\(uri): \(disposition)")
                #expect(Array(file.content.prefix(2)) == [0x50, 0x4B], "\(uri)")
            }
            // What the files hold: the code lists with their names, the imported record under the list's filters.
            let codes = try XLSXReader.records(from: try await Self.download(client, "/api/v1/archive-import-codes", token: admin).content)
            #expect(codes.contains { $0.fields == ["档案转递类型", "01", "单位接收"] } && codes.contains { $0.fields == ["转递方式", "02", "EMS"] })
            let records = try XLSXReader.records(from: try await Self.download(client, "/api/v1/archive-records?format=xlsx&status=registered", token: admin).content)
            #expect(records.count == 2 && records.last?.fields.first == "学生1" && records.last?.fields.contains("上海示范科技有限公司") == true, "\(records)")
            let none = try XLSXReader.records(from: try await Self.download(client, "/api/v1/archive-records?format=xlsx&status=underReview", token: admin).content)
            #expect(none.count == 1, "only the header: \(none)")
            let statistics = try XLSXReader.records(from: try await Self.download(client, "/api/v1/archive-statistics?format=xlsx&cohort=\(cohort)", token: admin).content)
            #expect(statistics.dropFirst().first?.fields.prefix(3) == ["总计", "2", "1"], "\(statistics)")

            // 待我审核 is not a filter the export has: refused, not a file holding more than the list.
            let awaiting = try await System.send(client, .get, "/api/v1/archive-applications?format=xlsx&awaitingMe=true", token: admin)
            #expect(awaiting.status == .badRequest && awaiting.error["field"] as? String == "awaitingMe", "\(awaiting.json)")
        }
    }

    @Test("the forms' code lists: staff and graduates read them, with no token 401")
    func codeLists() async throws {
        try await InProcessSystem.run { client, _ in
            let admin = try await System.school(client)
            let graduate = try await ArchiveGatewayTests.graduate(client)
            for token in [admin, graduate] {
                let lists = try await System.send(client, .get, "/api/v1/archive-code-lists", token: token)
                #expect(lists.status == .ok, "\(lists.json)")
                func pairs(_ key: String) -> [String] {
                    (lists.json[key] as? [[String: Any]] ?? []).map { "\($0["code"] as? String ?? "") \($0["name"] as? String ?? "")" }
                }
                #expect(pairs("transferTypes") == ["01 单位接收", "02 托管单位接收", "03 转回生源地", "04 升学外校接收", "05 保留原校", "99 其他"])
                #expect(pairs("transferMethods") == ["01 机要通信", "02 EMS"] && pairs("migratesHukou") == ["1 是", "0 否"])
                #expect(pairs("hukouMigrationTypes") == ["01 迁回生源地", "02 迁至就业单位所在地", "03 迁至升学学校", "99 其他"])
            }
            let anonymous = try await System.send(client, .get, "/api/v1/archive-code-lists")
            #expect(anonymous.status == .unauthorized && anonymous.error["code"] as? String == "unauthenticated", "\(anonymous.json)")
        }
    }

    @Test("refusals: no token 401 before the form is read, a 院系 account and a graduate 403, a file that is not CSV or .xlsx 400 naming file, no form 415")
    func refusals() async throws {
        try await InProcessSystem.run { client, _ in
            let admin = try await Self.school(client)
            let header = try await Self.templateHeader(client, admin: admin)
            let file = Self.csv(header, [Self.unitRow(System.graduate(1))])
            for uri in ["/api/v1/archive-import-previews", "/api/v1/archive-imports"] {
                let anonymous = try await Self.upload(client, uri, file: file, fileName: "a.csv", token: nil)
                #expect(anonymous.status == .unauthorized && anonymous.error["code"] as? String == "unauthenticated", "\(uri): \(anonymous.json)")
            }
            for uri in ["/api/v1/archive-import-template", "/api/v1/archive-import-codes", "/api/v1/archive-records?format=xlsx"] {
                #expect(try await Self.download(client, uri, token: nil).status == .unauthorized, "\(uri)")
            }

            // A 院系 account with the module: 批量导入 is the school's.
            let departments = try await System.send(client, .get, "/api/v1/departments", token: admin)
            let department = try #require((departments.json["items"] as? [[String: Any]])?.first?["id"] as? String, "\(departments.json)")
            let created = try await System.send(client, .post, "/api/v1/staff-accounts", [
                "username": "cs-admin", "displayName": "计算机学院管理员", "role": "departmentAdmin", "modules": ["archive"], "departmentId": department,
            ], token: admin)
            let initial = try #require(created.json["initialPassword"] as? String, "\(created.json)")
            let first = try await System.send(client, .post, "/api/v1/sessions", ["kind": "staff", "schoolCode": "10001", "identifier": "cs-admin", "password": initial])
            let firstToken = try #require(first.json["accessToken"] as? String, "\(first.json)")
            let changed = try await System.send(client, .post, "/api/v1/account/password", ["oldPassword": initial, "newPassword": "Changed-dept-2024"], token: firstToken)
            #expect(changed.status == .noContent, "\(changed.json)")
            let signedIn = try await System.send(client, .post, "/api/v1/sessions", [
                "kind": "staff", "schoolCode": "10001", "identifier": "cs-admin", "password": "Changed-dept-2024",
            ])
            let departmentToken = try #require(signedIn.json["accessToken"] as? String, "\(signedIn.json)")
            for uri in ["/api/v1/archive-import-previews", "/api/v1/archive-imports"] {
                let refused = try await Self.upload(client, uri, file: file, fileName: "a.csv", token: departmentToken)
                #expect(refused.status == .forbidden && (refused.error["message"] as? String)?.contains("批量导入") == true, "\(uri): \(refused.json)")
            }
            // …while its downloads and the exports of its own 院系 are open to it.
            #expect(try await Self.download(client, "/api/v1/archive-import-template", token: departmentToken).status == .ok)
            #expect(try await Self.download(client, "/api/v1/archive-records?format=xlsx", token: departmentToken).status == .ok)

            let graduate = try await ArchiveGatewayTests.graduate(client)
            let byGraduate = try await Self.upload(client, "/api/v1/archive-imports", file: file, fileName: "a.csv", token: graduate)
            #expect(byGraduate.status == .forbidden, "\(byGraduate.json)")
            for uri in ["/api/v1/archive-import-template", "/api/v1/archive-applications?format=xlsx"] {
                #expect(try await Self.download(client, uri, token: graduate).status == .forbidden, "\(uri)")
            }

            // Not a spreadsheet: by its name, or by its bytes.
            let pdf = Data("%PDF-1.4\n%…".utf8)
            for (content, name) in [(pdf, "档案信息.pdf"), (Data([0xFF, 0xFE, 0x00, 0x41]), "档案信息.csv"), (pdf, "档案信息.xlsx")] {
                let refused = try await Self.upload(client, "/api/v1/archive-import-previews", file: content, fileName: name, token: admin)
                #expect(refused.status == .badRequest && refused.error["field"] as? String == "file", "\(name): \(refused.json)")
            }
            let wrongHeader = Self.csv(["身份证号", "姓名"], [["x": "y"]])
            let headerRefused = try await Self.upload(client, "/api/v1/archive-imports", file: wrongHeader, fileName: "a.csv", token: admin)
            #expect(headerRefused.status == .badRequest && headerRefused.error["field"] as? String == "file", "\(headerRefused.json)")
            #expect((headerRefused.error["message"] as? String)?.contains("下载模板") == true, "\(headerRefused.json)")
            let long = try await Self.upload(client, "/api/v1/archive-imports", file: file, fileName: "a.csv", fields: [
                ("reason", String(repeating: "因", count: 201)),
            ], token: admin)
            #expect(long.status == .badRequest && long.error["field"] as? String == "reason", "\(long.json)")

            // The file as the body itself is not this route's form.
            let raw = try await client.execute(
                uri: "/api/v1/archive-imports", method: .post, headers: [.contentType: "text/csv", .authorization: "Bearer \(admin)"],
                body: ByteBuffer(bytes: Array(file))
            ) { $0.status }
            #expect(raw == .unsupportedMediaType)
        }
    }
}
