import Foundation
import OpenAPIRuntime
import GRPCCore
import GraduateProto

/// 协议核验: anyone holding a copy of an agreement checks it, by its PDF or by the id its QR
/// code carries, with no token; limited per client address.
struct VerificationsHandler<Transport: GRPCCore.ClientTransport> {
    let signing: SigningHandler<Transport>
    let limiter: RateLimiter

    func verify(_ rpc: Graduate_Esigning_V1_VerifyAgreementRequest) async throws -> Components.Schemas.AgreementVerification {
        try self.limiter.check(clientAddress: try GatewayRequest.require().clientAddress)
        return .init(try await self.signing.call { try await $0.verifyAgreement(rpc, metadata: $1) })
    }
}

/// The 协议核验 operations of the generated API.
extension GatewayAPI {
    func postAgreementVerifications(_ input: Operations.PostAgreementVerifications.Input) async throws -> Operations.PostAgreementVerifications.Output {
        var rpc = Graduate_Esigning_V1_VerifyAgreementRequest()
        switch input.body {
        case .multipartForm(let form):
            let file = try await UploadedForm.file(form) { part in
                switch part {
                case .file(let p): ("file", p.payload.body, p.filename ?? "")
                case .undocumented(let p): (p.name ?? "", p.body, nil)
                }
            }
            rpc.content = file.content
        case .pdf(let body):
            rpc.content = try await APIValues.file(body, field: "file")
        }
        return .ok(.init(body: .json(try await self.verifications.verify(rpc))))
    }

    func getAgreementVerificationsId(_ input: Operations.GetAgreementVerificationsId.Input) async throws -> Operations.GetAgreementVerificationsId.Output {
        var rpc = Graduate_Esigning_V1_VerifyAgreementRequest()
        rpc.agreementID = input.path.id
        return .ok(.init(body: .json(try await self.verifications.verify(rpc))))
    }
}
