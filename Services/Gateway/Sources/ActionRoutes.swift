import Hummingbird

/// The action sub-resources of a record (`POST …/{id}/{action}`): each of the service's action
/// codes in kebab-case, `departmentApprove` → `department-approve`, mapped to the code.
enum ActionRoutes {
    static func table<Action: RawRepresentable & CaseIterable>(_ type: Action.Type) -> [String: String] where Action.RawValue == String {
        Dictionary(uniqueKeysWithValues: Action.allCases.map { (Self.kebabCase($0.rawValue), $0.rawValue) })
    }

    static func kebabCase(_ code: String) -> String {
        code.reduce(into: "") { text, character in
            if character.isUppercase {
                text += "-" + character.lowercased()
            } else {
                text.append(character)
            }
        }
    }

    /// The action code for a path's `{action}`, or 404 naming the field.
    static func code(_ name: String, in table: [String: String], what: String) throws -> String {
        guard let code = table[name] else {
            throw APIError(status: .notFound, code: "not_found", message: "不支持的\(what)操作：\(name)", field: "action")
        }
        return code
    }
}
