/// A fixed-size contiguous column of plain values: the storage of one hot agent field.
///
/// The unsafe pointer lives only inside this handle. Agents' fields are stored struct-of-arrays
/// in columns so a phase touches only the fields it reads. No bounds checks in release builds.
public final class Column<T> {
    public let count: Int
    public let base: UnsafeMutablePointer<T>

    public init(repeating value: T, count: Int) {
        self.count = count
        base = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(1, count))
        base.initialize(repeating: value, count: count)
    }

    private init(copying other: Column<T>) {
        count = other.count
        base = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(1, count))
        base.initialize(from: other.base, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// A deep copy (used to fork a simulation).
    public func copy() -> Column<T> { Column(copying: self) }

    @inlinable public subscript(i: Int) -> T {
        get { base[i] }
        set { base[i] = newValue }
    }

    public var bytes: Int { count * MemoryLayout<T>.stride }
}
