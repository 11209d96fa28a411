import Dispatch

/// Runs fixed logical chunks of work on a number of threads.
///
/// The chunking never depends on the thread count: each chunk has its own random stream and
/// writes only its own slots, so results are identical for 1, 2 or 8 threads. The body is
/// `@Sendable`: the compiler checks that the chunks capture nothing they could race on.
public enum Parallel {
    public static func forEachChunk(_ chunks: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        let workers = max(1, min(threads, chunks))
        if workers == 1 {
            for c in 0..<chunks { body(c) }
            return
        }
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var c = w
                while c < chunks { body(c); c += workers }
            }
        }
    }
}

/// Disjoint per-slot storage that concurrent chunks may write, one slot each.
/// `@unchecked Sendable` on that promise: during a parallel phase chunk c writes only slot c (through
/// the array's buffer, never resizing it), and `slots` is read only after the phase has ended.
public final class SlotBuffer<T>: @unchecked Sendable {
    public private(set) var slots: [T]
    public init(repeating value: T, count: Int) { slots = Array(repeating: value, count: count) }
    public subscript(i: Int) -> T {
        get { slots[i] }
        set { slots.withUnsafeMutableBufferPointer { $0[i] = newValue } }
    }
}
