import Foundation

/// 单位性质, the national employment code list (教育部就业 单位性质代码).
public enum EmployerNature: String, CodeList, Sendable, Codable {
    case governmentAgency = "10"
    case researchAndDesign = "20"
    case higherEducation = "21"
    case primaryAndSecondaryEducation = "22"
    case healthCare = "23"
    case otherPublicInstitution = "29"
    case stateOwnedEnterprise = "31"
    case foreignInvestedEnterprise = "32"
    case otherEnterprise = "39"
    case military = "40"
    case village = "55"
    case urbanCommunity = "56"

    public var name: String {
        switch self {
        case .governmentAgency: "机关"
        case .researchAndDesign: "科研设计单位"
        case .higherEducation: "高等教育单位"
        case .primaryAndSecondaryEducation: "中初教育单位"
        case .healthCare: "医疗卫生单位"
        case .otherPublicInstitution: "其他事业单位"
        case .stateOwnedEnterprise: "国有企业"
        case .foreignInvestedEnterprise: "三资企业"
        case .otherEnterprise: "其他企业"
        case .military: "部队"
        case .village: "农村建制村"
        case .urbanCommunity: "城镇社区"
        }
    }
}

/// 行业: the sections (门类) of GB/T 4754-2017.
public enum Industry: String, CodeList, Sendable, Codable {
    case agriculture = "A"
    case mining = "B"
    case manufacturing = "C"
    case utilities = "D"
    case construction = "E"
    case wholesaleAndRetail = "F"
    case transport = "G"
    case accommodationAndCatering = "H"
    case informationTechnology = "I"
    case finance = "J"
    case realEstate = "K"
    case leasingAndBusinessServices = "L"
    case researchAndTechnicalServices = "M"
    case waterEnvironmentAndPublicFacilities = "N"
    case residentServices = "O"
    case education = "P"
    case healthAndSocialWork = "Q"
    case cultureSportsAndEntertainment = "R"
    case publicAdministration = "S"
    case internationalOrganisations = "T"

    public var name: String {
        switch self {
        case .agriculture: "农、林、牧、渔业"
        case .mining: "采矿业"
        case .manufacturing: "制造业"
        case .utilities: "电力、热力、燃气及水生产和供应业"
        case .construction: "建筑业"
        case .wholesaleAndRetail: "批发和零售业"
        case .transport: "交通运输、仓储和邮政业"
        case .accommodationAndCatering: "住宿和餐饮业"
        case .informationTechnology: "信息传输、软件和信息技术服务业"
        case .finance: "金融业"
        case .realEstate: "房地产业"
        case .leasingAndBusinessServices: "租赁和商务服务业"
        case .researchAndTechnicalServices: "科学研究和技术服务业"
        case .waterEnvironmentAndPublicFacilities: "水利、环境和公共设施管理业"
        case .residentServices: "居民服务、修理和其他服务业"
        case .education: "教育"
        case .healthAndSocialWork: "卫生和社会工作"
        case .cultureSportsAndEntertainment: "文化、体育和娱乐业"
        case .publicAdministration: "公共管理、社会保障和社会组织"
        case .internationalOrganisations: "国际组织"
        }
    }
}

/// An employer's review status (DOMAIN.md §1); the names are what people see.
public enum EmployerStatus: String, CodeList, Sendable, Codable {
    case pending
    case approved
    case rejected

    public var name: String {
        switch self {
        case .pending: "待审核"
        case .approved: "已通过"
        case .rejected: "未通过"
        }
    }
}
