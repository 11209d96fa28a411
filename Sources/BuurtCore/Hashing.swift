/// FNV-1a, 64 bit: a stable fingerprint of inputs for provenance and for recognising an
/// experiment when resuming. Not a cryptographic hash.
public enum Fingerprint {
    public static func fnv1a64(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
    public static func hex(_ text: String) -> String {
        let s = String(fnv1a64(text), radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
