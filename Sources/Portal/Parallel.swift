import Dispatch
import Foundation

/// Work spread over the machine's cores, with results in input order so the output never depends on
/// the number of threads (PRODUCT.md §9: same inputs, byte-identical output).
public enum Parallel {
    /// The number of threads rendering uses: `STET_THREADS` when set to a positive number (1 renders on
    /// the calling thread only), else every active core.
    public static var defaultThreads: Int {
        if let value = ProcessInfo.processInfo.environment["STET_THREADS"].flatMap(Int.init), value > 0 { return value }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `transform` applied to each index of `0..<count`, on up to `threads` threads; results in index order.
    /// The first error (by index) is rethrown. `transform` must only read shared state.
    static func map<T>(_ count: Int, threads: Int, _ transform: (Int) throws -> T) throws -> [T] {
        guard threads > 1, count > 1 else { return try (0..<count).map(transform) }
        var results = [Result<T, Error>?](repeating: nil, count: count)
        try withoutActuallyEscaping(transform) { transform in
            let work = Unchecked(transform)
            try results.withUnsafeMutableBufferPointer { buffer in
                let slots = Unchecked(buffer)
                let workers = min(threads, count)
                // Each worker takes every `workers`-th index: no two threads write the same slot.
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    for index in stride(from: worker, to: count, by: workers) {
                        slots.value[index] = Result { try work.value(index) }
                    }
                }
            }
        }
        return try results.map { try $0!.get() }
    }
}

extension Parallel {
    /// `transform` applied to each index of `0..<count` on up to `threads` threads; results in index order.
    static func map<T>(_ count: Int, threads: Int, _ transform: (Int) -> T) -> [T] {
        // `transform` cannot throw, so neither can this.
        try! map(count, threads: threads) { (index: Int) throws -> T in transform(index) }
    }
}

/// A value handed to worker threads that only read it (or write disjoint slots of it).
struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
