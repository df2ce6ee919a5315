/// Runs one piece of work at a time: an Excel file that inflates to tens of megabytes holds
/// its rows while it is read, so four at once would hold four times that.
public actor OneAtATime {
    public init() {}

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public func run<T: Sendable>(_ body: @Sendable () -> T) async -> T {
        while self.busy {
            await withCheckedContinuation { self.waiting.append($0) }
        }
        self.busy = true
        defer {
            self.busy = false
            if !self.waiting.isEmpty { self.waiting.removeFirst().resume() }
        }
        return body()
    }
}
