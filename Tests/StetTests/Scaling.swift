import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Cost measured as the CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`), not the wall clock: other tests and
/// other builds running on the same cores do not count, so scaling ratios stay stable on a loaded machine. A test
/// never compares a cost with a constant, only with a baseline measured in the same test.
enum ThreadCost {
    /// The calling thread's CPU time so far, in seconds.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The CPU seconds `body` takes on this thread.
    static func of(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }

    /// The best of `runs` costs of `small` and of `large`, measured in turn (interleaved, so a slow spell of the
    /// machine falls on both), and the ratio large / small.
    static func ratio(runs: Int = 5, small: () throws -> Void, large: () throws -> Void) rethrows -> (
        ratio: Double, small: Double, large: Double
    ) {
        var smallBest = Double.infinity
        var largeBest = Double.infinity
        for _ in 0..<runs {
            smallBest = min(smallBest, try of(small))
            largeBest = min(largeBest, try of(large))
        }
        return (largeBest / max(smallBest, 1e-6), smallBest, largeBest)
    }
}
