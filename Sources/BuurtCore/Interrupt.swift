import CSupport

/// Ctrl-C and SIGTERM set a flag that long loops poll, so work stops between steps and whatever is
/// finished is left safely on disk.
public enum Interrupt {
    public static func install() { buurt_install_interrupt_handler() }
    public static var requested: Bool { buurt_interrupted() != 0 }
    public static func reset() { buurt_reset_interrupt() }
    public static func check() throws {
        if requested { throw BuurtError(.interrupted, "interrupted") }
    }
}

public enum ProcessStats {
    /// Peak resident set size in bytes.
    public static var peakMemoryBytes: Int { Int(buurt_peak_rss_kib()) * 1024 }
}
