import Foundation
import Synchronization
import Testing

@testable import InboxMail

@Suite struct PipelineTests {
    /// The calling thread's nice value.
    static func niceness() -> Int32 {
        getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }

    @Test func parallelMapKeepsOrderForEverySize() {
        for n in [0, 1, 3, 4, 5, 7, 8, 9, 16, 17, 100, 501] {
            let items = Array(0..<n)
            // Uneven costs: some items take far longer, so workers finish their steps out of order.
            let out = ParallelMap.map(items) { i -> String in
                if i % 13 == 0 { usleep(200) }
                return "item \(i)"
            }
            #expect(out == items.map { "item \($0)" })
        }
    }

    @Test func producerAndItsParseHelpersRunAtALowerPriority() throws {
        let caller = Self.niceness()
        let seen = Mutex<(producer: Int32?, helpers: Set<Int32>)>((nil, []))
        var consumed: [Int] = []
        try Pipeline.run(
            produce: { emitter in
                seen.withLock { $0.producer = Self.niceness() }
                let values = ParallelMap.map(Array(0..<64)) { i -> Int in
                    usleep(100)
                    let nice = Self.niceness()
                    seen.withLock { _ = $0.helpers.insert(nice) }
                    return i * 2
                }
                for v in values { emitter.emit(v) }
            },
            consume: { consumed.append($0) })
        #expect(consumed == (0..<64).map { $0 * 2 })
        let expected = min(19, caller + Pipeline.producerNiceness)
        let (producer, helpers) = seen.withLock { ($0.producer, $0.helpers) }
        #expect(producer == expected)
        // Every worker, the producer's own share and the helper threads it started, ran lowered.
        #expect(helpers == [expected])
        // The caller (the store's writer) keeps its priority.
        #expect(Self.niceness() == caller)
    }
}
