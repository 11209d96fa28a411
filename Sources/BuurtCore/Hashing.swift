/// FNV-1a, 64 bit: a stable fingerprint of inputs for provenance and for recognising an
/// experiment when resuming. Not a cryptographic hash.
public enum Fingerprint {
    /// FNV-1a 64's offset basis and prime (also `FileDigest`'s).
    public static let fnvOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325, fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    public static func fnv1a64(_ text: String) -> UInt64 {
        var h = fnvOffsetBasis
        for b in text.utf8 { h = (h ^ UInt64(b)) &* fnvPrime }
        return h
    }
    public static func hex(_ text: String) -> String { hex(fnv1a64(text)) }

    /// A 64-bit fingerprint as 16 hex digits.
    public static func hex(_ h: UInt64) -> String {
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
