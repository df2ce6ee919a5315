import GraduateDomain
import Testing

@Suite("行政区划 (GB/T 2260)")
struct RegionsTests {
    @Test("codes show as full names: a municipality's district, a county under a prefecture, a county-level city under its province")
    func fullNames() {
        #expect(Regions.fullName(of: "310115") == "上海市浦东新区")
        #expect(Regions.fullName(of: "110105") == "北京市朝阳区")
        #expect(Regions.fullName(of: "360426") == "江西省九江市德安县")
        #expect(Regions.fullName(of: "429004") == "湖北省仙桃市")
        #expect(Regions.fullName(of: "440300") == "广东省深圳市")
        #expect(Regions.fullName(of: "440000") == "广东省")
        #expect(Regions.fullName(of: "999999") == nil)
        #expect(Regions.display("999999") == "999999")
        #expect(Regions.display("330106") == "浙江省杭州市西湖区")
    }

    @Test("the tree: 34 provinces at the top, a province's prefectures (and counties directly under it), a prefecture's counties")
    func tree() {
        let provinces = Regions.children(of: nil)
        #expect(provinces.count == 34)
        #expect(provinces.first?.code == "110000" && provinces.first?.name == "北京市")
        #expect(Regions.children(of: "110000").map(\.code).contains("110105"))
        let hubei = Regions.children(of: "420000").map(\.code)
        #expect(hubei.contains("420100") && hubei.contains("429004"))
        #expect(Regions.children(of: "360400").map(\.name).contains("德安县"))
        #expect(Regions.children(of: "360426").isEmpty)
        #expect(Regions.parent(of: "360426") == "360400" && Regions.parent(of: "360400") == "360000" && Regions.parent(of: "360000") == nil)
    }

    @Test("every code in the list is reachable from the top, exactly once")
    func everyCodeReachable() {
        var seen: Set<String> = []
        var queue: [String?] = [nil]
        while let parent = queue.popLast() {
            for child in Regions.children(of: parent) {
                #expect(seen.insert(child.code).inserted, "\(child.code) twice")
                queue.append(child.code)
            }
        }
        #expect(seen.count > 3_000)
        #expect(seen.allSatisfy(Regions.isKnown))
    }
}
