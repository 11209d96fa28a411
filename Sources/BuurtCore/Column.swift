/// A fixed-size contiguous column of plain values: the storage of one hot agent field.
///
/// The unsafe pointer lives only inside this handle: it is reached through the subscript, through
/// `view` (a copyable handle for hot loops that keeps the column alive) or through
/// `withUnsafeMutableBufferPointer`. Indexes are checked in debug builds (so the debug test run
/// catches index bugs) and not in release builds. Agents' fields are stored struct-of-arrays in
/// columns so a phase touches only the fields it reads.
#if canImport(Glibc)
import Glibc
#endif

public final class Column<T> {
    public let count: Int
    @usableFromInline let base: UnsafeMutablePointer<T>

    /// Whether `base` is a mapping of its own (`allocate`), given back with `munmap`.
    private let mapped: Bool

    public init(repeating value: T, count: Int) {
        self.count = count
        (base, mapped) = Column.allocate(count)
        Column.fill(base, with: value, count: count, zeroed: mapped)
    }

    private init(copying other: Column<T>) {
        count = other.count
        (base, mapped) = Column.allocate(count)
        if _isPOD(T.self) {
            UnsafeMutableRawPointer(base).copyMemory(from: other.base, byteCount: count * MemoryLayout<T>.stride)
        } else {
            base.initialize(from: other.base, count: count)
        }
    }

    /// Every slot set to `value`. This code is not specialised for the column's type (it is not
    /// inlined into the model), so the library's `initialize(repeating:)` would copy value by value
    /// through the type's witness; plain values (every column holds them) are copied as bytes
    /// instead, in doubling blocks, and a mapping of its own (`zeroed`, its pages zero until
    /// touched) is left as it is when the value's bytes are all zero.
    private static func fill(_ p: UnsafeMutablePointer<T>, with value: T, count: Int, zeroed: Bool) {
        guard _isPOD(T.self), count > 0 else { p.initialize(repeating: value, count: count); return }
        if zeroed, withUnsafeBytes(of: value, { $0.allSatisfy { $0 == 0 } }) { return }
        p.initialize(to: value)
        let raw = UnsafeMutableRawPointer(p), stride = MemoryLayout<T>.stride
        var done = 1
        while done < count {
            let n = Swift.min(done, count - done)
            (raw + done * stride).copyMemory(from: raw, byteCount: n * stride)
            done += n
        }
    }

    deinit {
        base.deinitialize(count: count)
        #if os(Linux)
        if mapped { munmap(UnsafeMutableRawPointer(base), count * MemoryLayout<T>.stride); return }
        #endif
        base.deallocate()
    }

    /// Columns from this size are mapped pages of their own, in 2 MiB pages where the kernel leaves
    /// that choice to the program (`madvise(MADV_HUGEPAGE)`), asked before any page is touched:
    /// a large town's phases walk a dozen columns and read partners' fields all over them, and
    /// with 2 MiB pages the processor needs far fewer address translations. The values and the
    /// memory used are the same; where the kernel refuses, 4 KiB pages are used as before, and
    /// where the mapping fails, the allocator's memory.
    static var mappedFrom: Int { 1 << 20 }

    /// Room for `count` values, not yet touched, and whether it is a mapping of its own.
    private static func allocate(_ count: Int) -> (UnsafeMutablePointer<T>, mapped: Bool) {
        #if os(Linux)
        let bytes = count * MemoryLayout<T>.stride
        if bytes >= mappedFrom, MemoryLayout<T>.alignment <= 4096,
           let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED {
            _ = madvise(p, bytes, Int32(MADV_HUGEPAGE))
            return (p.bindMemory(to: T.self, capacity: count), true)
        }
        #endif
        return (UnsafeMutablePointer<T>.allocate(capacity: Swift.max(1, count)), false)
    }

    /// A deep copy (used to fork a simulation).
    public func copy() -> Column<T> { Column(copying: self) }

    @inlinable public subscript(i: Int) -> T {
        get {
            assert(i >= 0 && i < count, "Column index \(i) out of range 0..<\(count)")
            return base[i]
        }
        set {
            assert(i >= 0 && i < count, "Column index \(i) out of range 0..<\(count)")
            base[i] = newValue
        }
    }

    /// Copies the first `n` values of `other` into this column.
    public func assign(from other: Column<T>, count n: Int) {
        precondition(n <= count && n <= other.count, "assign: \(n) values into columns of \(count) and \(other.count)")
        base.update(from: other.base, count: n)
    }

    /// A handle on the values for a hot loop: the pointer loaded once, not through the class on
    /// every access, with the same debug-build index checks. It holds the column, so the memory
    /// lives as long as the handle.
    @inlinable public var view: ColumnView<T> { ColumnView(owner: self) }

    public func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: base, count: count))
    }

    public var bytes: Int { count * MemoryLayout<T>.stride }
}

/// See `Column.view`.
///
/// A handle is `Sendable` (for `Sendable` values) so that parallel chunks can take it: this is the
/// one place where the engine promises, rather than the compiler proves, freedom from data races.
/// The promise: in a parallel phase each chunk writes only the slots of its own residents, and reads
/// other slots only of columns that no chunk writes in that phase (docs/ODD.md 7.12).
@frozen public struct ColumnView<T> {
    @usableFromInline let owner: Column<T>
    @usableFromInline let base: UnsafeMutablePointer<T>
    public let count: Int

    @inlinable init(owner: Column<T>) {
        self.owner = owner
        base = owner.base
        count = owner.count
    }

    @inlinable public subscript(i: Int) -> T {
        get {
            assert(i >= 0 && i < count, "Column index \(i) out of range 0..<\(count)")
            return base[i]
        }
        nonmutating set {
            assert(i >= 0 && i < count, "Column index \(i) out of range 0..<\(count)")
            base[i] = newValue
        }
    }

    /// The first value's address, for handing the column to a C kernel (`buurt_meet.c`,
    /// `buurt_collect.c`); visible to this package's modules only. There are no index checks past
    /// this point: the kernel's caller vouches for its indexes, and tests compare each kernel with a
    /// checked Swift loop (`MeetKernelTests`, `CollectKernelTests`). Valid while this view lives.
    @inlinable package var kernelAddress: UnsafeMutablePointer<T> { base }
}

extension ColumnView: @unchecked Sendable where T: Sendable {}
