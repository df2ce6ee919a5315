@testable import Gateway
import GRPCCore
import HTTPTypes
import Testing

/// The one mapping from RPC statuses to HTTP answers: people read Chinese, whoever wrote the error.
@Suite("RPC errors as HTTP answers")
struct APIErrorTests {
    @Test("a service's Chinese refusal passes through with its status; a lock-out is 429 with its wait")
    func refusalsPassThrough() {
        let refused = APIError(RPCError(code: .invalidArgument, message: "请填写密钥名称（最多50字）", metadata: ["field": "name"]))
        #expect(refused.status == .badRequest && refused.message == "请填写密钥名称（最多50字）" && refused.field == "name")
        let locked = APIError(RPCError(code: .resourceExhausted, message: "登录失败次数过多，该账号已被暂时锁定，请3分钟后再试"))
        #expect(locked.status == .tooManyRequests && locked.code == "resource_exhausted" && locked.message.hasPrefix("登录失败次数过多"))
    }

    @Test("the transport's English resourceExhausted is 503 in Chinese, not the caller's rate limit; English never reaches people")
    func transportMessagesAreReplaced() {
        let streams = APIError(RPCError(code: .resourceExhausted, message: "too many open streams on this connection (1024)"))
        #expect(streams.status == .serviceUnavailable && streams.code == "unavailable" && streams.message == "服务繁忙，请稍后再试")
        let library = APIError(RPCError(code: .invalidArgument, message: "Failed to deserialize the request"))
        #expect(library.status == .badRequest && library.message == "请求格式不正确")
        let internalError = APIError(RPCError(code: .internalError, message: "数据库错误"))
        #expect(internalError.status == .internalServerError && internalError.message == "系统内部错误，请稍后再试")
    }
}
