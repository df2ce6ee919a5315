import Foundation
import GRDB
import GRPCCore
import GraduateProto
import RPCTransport
import StorageKit
import Synchronization
import Testing

@Suite("Storage kit")
struct StorageKitTests {
    @Test("synchronous=FULL really applies to the writer; WAL and foreign keys are on")
    func durabilitySettings() throws {
        let directory = try TemporaryDirectory()
        let full = try openProducer(at: directory.file("full.sqlite"), synchronous: .full)
        #expect(try ServiceDatabase.writerSynchronousMode(full) == 2)
        let normal = try openProducer(at: directory.file("normal.sqlite"), synchronous: .normal)
        #expect(try ServiceDatabase.writerSynchronousMode(normal) == 1)
        let (journal, foreignKeys) = try full.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(journal == "wal")
        #expect(foreignKeys == 1)
    }

    @Test("an event appended in a transaction that fails is not recorded")
    func outboxRollsBackWithTheChange() async throws {
        let directory = try TemporaryDirectory()
        let pool = try openProducer(at: directory.file("p.sqlite"))
        let outbox = Outbox(source: "test", subscribers: ["a", "b"])
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO thing VALUES ('1', 'x')")
                try outbox.append(type: "thing.added", aggregateType: "thing", aggregateID: "1", payload: Data(), in: db)
                throw Refused()
            }
        }
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO thing VALUES ('2', 'y')")
            try outbox.append(type: "thing.added", aggregateType: "thing", aggregateID: "2", payload: Data([1, 2]), in: db)
        }
        #expect(try await OutboxQueue.pendingCount(for: "a", in: pool) == 1)
        #expect(try await OutboxQueue.pendingCount(for: "b", in: pool) == 1)
        let batch = try await OutboxQueue.nextBatch(for: "a", source: "test", limit: 10, in: pool)
        #expect(batch.map(\.aggregateID) == ["2"])
        #expect(batch.first?.payload == Data([1, 2]))
        #expect(batch.first?.source == "test")
    }

    @Test("the relay delivers every event over TCP, in order per aggregate")
    func relayDeliversInOrder() async throws {
        let directory = try TemporaryDirectory()
        let producer = try openProducer(at: directory.file("p.sqlite"))
        let subscriberDB = try openSubscriber(at: directory.file("s.sqlite"))
        let outbox = Outbox(source: "test", subscribers: ["sub"])
        try await producer.write { db in
            for index in 0..<300 {
                try outbox.append(type: "t", aggregateType: "agg", aggregateID: "a\(index % 7)", payload: Data(), in: db)
            }
        }
        let sink = InboxEventSink(pool: subscriberDB, logger: silentLogger, apply: recordApplication)
        try await withEventSinkServer(sink: sink) { client in
            var settings = OutboxRelay.Settings()
            settings.batchSize = 32
            let relay = OutboxRelay(
                pool: producer,
                outbox: outbox,
                subscribers: [.rpc(name: "sub", client: client)],
                settings: settings,
                logger: silentLogger
            )
            let running = Task { try await relay.run() }
            // Events committed while the relay runs are picked up too (woken, not polled).
            try await producer.write { db in
                try outbox.append(type: "t", aggregateType: "agg", aggregateID: "late", payload: Data(), in: db)
            }
            #expect(try await eventually { try appliedRows(subscriberDB).count == 301 })
            // The last acknowledgement is recorded just after the subscriber applied it.
            #expect(try await eventually { try await OutboxQueue.pendingCount(for: "sub", in: producer) == 0 })
            running.cancel()
            _ = await running.result
        }
        let rows = try appliedRows(subscriberDB)
        #expect(Set(rows.map(\.eventID)).count == 301)
        for aggregate in Set(rows.map(\.aggregateID)) {
            let sequences = rows.filter { $0.aggregateID == aggregate }.map(\.sequence)
            #expect(sequences == sequences.sorted(), "aggregate \(aggregate) out of order")
        }
        #expect(try await OutboxQueue.pendingCount(for: "sub", in: producer) == 0)
    }

    @Test("an event delivered twice is applied once")
    func duplicateDeliveryAppliesOnce() async throws {
        let directory = try TemporaryDirectory()
        let producer = try openProducer(at: directory.file("p.sqlite"))
        let subscriberDB = try openSubscriber(at: directory.file("s.sqlite"))
        let outbox = Outbox(source: "test", subscribers: ["sub"])
        try await producer.write { db in
            for index in 0..<5 {
                try outbox.append(type: "t", aggregateType: "agg", aggregateID: "a\(index)", payload: Data(), in: db)
            }
        }
        let events = try await OutboxQueue.nextBatch(for: "sub", source: "test", limit: 10, in: producer)
        let sink = InboxEventSink(pool: subscriberDB, logger: silentLogger, apply: recordApplication)
        try await withEventSinkServer(sink: sink) { client in
            let deliver = OutboxSubscriber.rpc(name: "sub", client: client).deliver
            let ids = events.map { $0.id }
            let first = try await deliver(events)
            #expect(first == ids)
            // The second delivery is acknowledged in full, and changes nothing.
            let second = try await deliver(events)
            #expect(second == ids)
        }
        #expect(try appliedRows(subscriberDB).count == 5)
    }

    @Test("a batch with a failing event: the events before it are applied and acknowledged, nothing after it")
    func failingEventInABatch() async throws {
        let directory = try TemporaryDirectory()
        let producer = try openProducer(at: directory.file("p.sqlite"))
        let subscriberDB = try openSubscriber(at: directory.file("s.sqlite"))
        let outbox = Outbox(source: "test", subscribers: ["sub"])
        try await producer.write { db in
            for type in ["ok", "ok", "fails", "ok"] {
                try outbox.append(type: type, aggregateType: "agg", aggregateID: "one", payload: Data(), in: db)
            }
        }
        let events = try await OutboxQueue.nextBatch(for: "sub", source: "test", limit: 10, in: producer)
        struct Refused: Error {}
        let sink = InboxEventSink(pool: subscriberDB, logger: silentLogger) { event, db in
            if event.type == "fails" { throw Refused() }
            try recordApplication(event, db)
        }
        try await withEventSinkServer(sink: sink) { client in
            let acknowledged = try await OutboxSubscriber.rpc(name: "sub", client: client).deliver(events)
            #expect(acknowledged == Array(events.prefix(2).map(\.id)))
        }
        // The batch's transaction was rolled back and the first two applied again, once each.
        #expect(try appliedRows(subscriberDB).map(\.eventID) == Array(events.prefix(2).map(\.id)))
    }

    @Test("an event the subscriber cannot apply holds back only its own aggregate, and is retried")
    func failingEventBlocksOnlyItsAggregate() async throws {
        let directory = try TemporaryDirectory()
        let producer = try openProducer(at: directory.file("p.sqlite"))
        let subscriberDB = try openSubscriber(at: directory.file("s.sqlite"))
        let outbox = Outbox(source: "test", subscribers: ["sub"])
        try await producer.write { db in
            for aggregate in ["good", "bad", "good", "bad", "good"] {
                try outbox.append(type: aggregate, aggregateType: "agg", aggregateID: aggregate, payload: Data(), in: db)
            }
        }
        let refuse = Atomic<Bool>(true)
        struct NotYet: Error {}
        let sink = InboxEventSink(pool: subscriberDB, logger: silentLogger) { event, db in
            if event.aggregateID == "bad", refuse.load(ordering: .relaxed) { throw NotYet() }
            try recordApplication(event, db)
        }
        try await withEventSinkServer(sink: sink) { client in
            var settings = OutboxRelay.Settings()
            settings.pollInterval = .milliseconds(50)
            settings.backoff.initial = .milliseconds(100)
            settings.backoff.maximum = .milliseconds(200)
            let relay = OutboxRelay(
                pool: producer,
                outbox: outbox,
                subscribers: [.rpc(name: "sub", client: client)],
                settings: settings,
                logger: silentLogger
            )
            let running = Task { try await relay.run() }
            #expect(try await eventually { try appliedRows(subscriberDB).map(\.aggregateID) == ["good", "good", "good"] })
            let attempts = try await producer.read { db in
                try Int.fetchOne(db, sql: "SELECT max(attempts) FROM outbox_pending") ?? 0
            }
            #expect(attempts >= 1)
            refuse.store(false, ordering: .relaxed)
            #expect(try await eventually { try appliedRows(subscriberDB).count == 5 })
            running.cancel()
            _ = await running.result
        }
        let bad = try appliedRows(subscriberDB).filter { $0.aggregateID == "bad" }.map(\.sequence)
        #expect(bad == bad.sorted())
    }

    @Test("a relay stopped mid-delivery and started again delivers every event, each applied once")
    func relayRestartMidDelivery() async throws {
        let directory = try TemporaryDirectory()
        let producerPath = directory.file("p.sqlite")
        let subscriberDB = try openSubscriber(at: directory.file("s.sqlite"))
        let outbox = Outbox(source: "test", subscribers: ["sub"])
        do {
            let producer = try openProducer(at: producerPath)
            try await producer.write { db in
                for index in 0..<200 {
                    try outbox.append(type: "t", aggregateType: "agg", aggregateID: "a\(index % 5)", payload: Data(), in: db)
                }
            }
        }
        let sink = InboxEventSink(pool: subscriberDB, logger: silentLogger, apply: recordApplication)
        try await withEventSinkServer(sink: sink) { client in
            let rpc = OutboxSubscriber.rpc(name: "sub", client: client)
            // The first relay's subscriber applies each batch, then the relay dies before it
            // can record the acknowledgement: the worst moment to be stopped.
            let deliveredBatches = Atomic<Int>(0)
            let dying = OutboxSubscriber(name: "sub") { events in
                let acknowledged = try await rpc.deliver(events)
                if deliveredBatches.add(1, ordering: .relaxed).newValue == 3 {
                    try await Task.sleep(for: .seconds(3600))
                }
                return acknowledged
            }
            var settings = OutboxRelay.Settings()
            settings.batchSize = 16
            let first = try openProducer(at: producerPath)
            let firstRelay = OutboxRelay(pool: first, outbox: outbox, subscribers: [dying], settings: settings, logger: silentLogger)
            let firstRun = Task { try await firstRelay.run() }
            #expect(try await eventually { deliveredBatches.load(ordering: .relaxed) == 3 })
            firstRun.cancel()
            _ = await firstRun.result
            #expect(try appliedRows(subscriberDB).count == 48)
            #expect(try await OutboxQueue.pendingCount(for: "sub", in: first) == 200 - 32)

            let second = try openProducer(at: producerPath)
            let secondRelay = OutboxRelay(pool: second, outbox: outbox, subscribers: [rpc], settings: settings, logger: silentLogger)
            let secondRun = Task { try await secondRelay.run() }
            #expect(try await eventually { try await OutboxQueue.pendingCount(for: "sub", in: second) == 0 })
            secondRun.cancel()
            _ = await secondRun.result
        }
        let rows = try appliedRows(subscriberDB)
        #expect(rows.count == 200)
        #expect(Set(rows.map(\.eventID)).count == 200)
    }

    @Test("a subscriber added later is queued the whole history once, in order; known ones are not queued twice")
    func lateSubscriberBackfill() async throws {
        let directory = try TemporaryDirectory()
        let pool = try openProducer(at: directory.file("p.sqlite"))
        let before = Outbox(source: "test", subscribers: ["early"])
        try await before.registerSubscribers(in: pool)
        try await pool.write { db in
            for index in 0..<4 {
                try before.append(type: "t", aggregateType: "agg", aggregateID: "a\(index % 2)", payload: Data(), in: db)
            }
        }
        let after = Outbox(source: "test", subscribers: ["early", "late"])
        try await after.registerSubscribers(in: pool)
        try await after.registerSubscribers(in: pool)
        #expect(try await OutboxQueue.pendingCount(for: "early", in: pool) == 4)
        #expect(try await OutboxQueue.pendingCount(for: "late", in: pool) == 4)
        let batch = try await OutboxQueue.nextBatch(for: "late", source: "test", limit: 10, in: pool)
        #expect(batch.map(\.sequence) == batch.map(\.sequence).sorted())
        // After registration, new events are queued for both as usual.
        try await pool.write { db in
            try after.append(type: "t", aggregateType: "agg", aggregateID: "a9", payload: Data(), in: db)
        }
        #expect(try await OutboxQueue.pendingCount(for: "late", in: pool) == 5)
    }

    @Test("an idempotency key returns the first response and never runs the command twice")
    func idempotencyKeys() throws {
        let directory = try TemporaryDirectory()
        let pool = try openProducer(at: directory.file("p.sqlite"))
        var request = Graduate_Events_V1_DeliverRequest()
        request.events = [Event()]
        let runs = Mutex(0)
        func command(_ db: Database) throws -> Graduate_Events_V1_DeliverResponse {
            let count = runs.withLock { runs in
                runs += 1
                return runs
            }
            var response = Graduate_Events_V1_DeliverResponse()
            response.acknowledgedIds = ["run-\(count)"]
            return response
        }
        let first = try pool.write { db in
            try IdempotencyKeys.perform(key: "k1", scope: "user-1/Method", request: request, in: db, command: command)
        }
        let retry = try pool.write { db in
            try IdempotencyKeys.perform(key: "k1", scope: "user-1/Method", request: request, in: db, command: command)
        }
        #expect(first.acknowledgedIds == ["run-1"])
        #expect(retry == first)
        // Another caller's key space is separate.
        let other = try pool.write { db in
            try IdempotencyKeys.perform(key: "k1", scope: "user-2/Method", request: request, in: db, command: command)
        }
        #expect(other.acknowledgedIds == ["run-2"])
        // The same key with another request is refused and runs nothing.
        var different = request
        different.events.append(Event())
        let error = #expect(throws: RPCError.self) {
            try pool.write { db in
                try IdempotencyKeys.perform(key: "k1", scope: "user-1/Method", request: different, in: db, command: command)
            }
        }
        #expect(error?.code == .failedPrecondition)
        #expect(runs.withLock { $0 } == 2)
    }
}
