import Foundation

/// Recognises the files Buurt writes by their content, so that a command replaces a file (a chart,
/// a report, a network snapshot) only when Buurt wrote it, never a user's file of the same name.
///
/// Each check reads at most the first and last 4 KiB of a regular file; it never follows a
/// symbolic link and never blocks on a pipe.
public enum OwnedFiles {
    /// A chart `buurt plot` wrote: Buurt's SVG head (XML declaration, namespace, size, Buurt's font
    /// list and `role="img"`) and `</svg>` at the end.
    public static func isChart(_ path: String) -> Bool {
        guard let (head, tail) = ends(path) else { return false }
        let start = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
        guard head.hasPrefix(start), let line = head.split(separator: "\n", maxSplits: 2).dropFirst().first else { return false }
        return line.hasSuffix(" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" role=\"img\">") && tail.hasSuffix("</svg>\n")
    }

    /// A report `buurt report` wrote: its HTML head and its "Written by buurt" footer.
    public static func isReport(_ path: String) -> Bool {
        guard let (head, tail) = ends(path) else { return false }
        return head.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
            && head.contains(": Buurt experiment report</title>")
            && tail.contains("<footer>Written by buurt ") && tail.hasSuffix("</html>\n")
    }

    /// A PNG that `buurt plot --png` wrote beside its chart: a PNG file whose SVG of the same name
    /// is a Buurt chart.
    public static func isChartPNG(_ path: String) -> Bool {
        guard path.hasSuffix(".png"), let (head, _) = ends(path, text: false),
              head.hasPrefix("\u{89}PNG") else { return false }
        return isChart(String(path.dropLast(4)) + ".svg")
    }

    /// A network snapshot `buurt run --network-every` wrote: `tick-T.graphml` with Buurt's GraphML head.
    public static func isNetworkSnapshot(_ path: String) -> Bool {
        let name = PathText.name(path)
        guard name.hasPrefix("tick-"), name.hasSuffix(".graphml"),
              name.dropFirst(5).dropLast(8).allSatisfy({ $0.isASCII && $0.isNumber }), let (head, tail) = ends(path) else { return false }
        return head.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"")
            && tail.hasSuffix("</graphml>\n")
    }

    /// A temporary file of a Buurt writer that was killed (`NAME.tmp-PID`, its process gone).
    public static func isLeftover(_ path: String) -> Bool {
        let name = PathText.name(path)
        guard let r = name.range(of: ".tmp-", options: .backwards), let pid = Int32(name[r.upperBound...]) else { return false }
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG && !FileOps.processAlive(pid)
    }

    /// What a file in `plots/` may be: a chart, its PNG, or a leftover of a killed writer.
    public static func isPlotFile(_ path: String) -> Bool { isChart(path) || isChartPNG(path) || isLeftover(path) }

    /// What a file in `network/` may be: a snapshot, or a leftover of a killed writer.
    public static func isNetworkFile(_ path: String) -> Bool { isNetworkSnapshot(path) || isLeftover(path) }

    /// The first and last 4 KiB of a regular file (as text, or as Latin-1 bytes when `text` is
    /// false); nil for anything else or an unreadable file.
    static func ends(_ path: String, text: Bool = true) -> (String, String)? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size), piece = 4096
        func read(at offset: Int, _ count: Int) -> [UInt8] {
            var buf = [UInt8](repeating: 0, count: max(count, 0))
            var got = 0
            while got < count {
                let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, count - got, off_t(offset + got)) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                got += n
            }
            return Array(buf.prefix(got))
        }
        let head = read(at: 0, min(size, piece))
        let tail = read(at: max(0, size - piece), min(size, piece))
        func decode(_ b: [UInt8]) -> String {
            text ? String(decoding: b, as: UTF8.self) : String(b.map { Character(Unicode.Scalar($0)) })
        }
        return (decode(head), decode(tail))
    }
}
