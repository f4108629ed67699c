import Glibc

/// How much memory evaluation may use, checked against the process's resident size before large
/// sampled allocations, so a too-big request is an error instead of an abort by the kernel.
public enum MemoryBudget {
    /// Physical memory of the machine, in bytes.
    public static let physical: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? pages * size : 8 << 30
    }()

    /// Half of physical memory: enough for the largest sample count with room for a few dozen
    /// uncertain values, while the machine's other programs keep the rest.
    public static var defaultLimit: Int { physical / 2 }

    /// The smallest budget accepted: below it even the default sample count cannot work.
    public static let minimum = 64 << 20

    /// Sampled bytes between two readings of the resident size: reading it costs a system call,
    /// and less than this at once cannot overrun a budget of at least `minimum` by much.
    package static let checkEvery = 32 << 20

    /// The process's resident memory in bytes (from /proc/self/statm), or 0 where unknown.
    package static func resident() -> Int {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 127) }
        guard n > 0 else { return 0 }
        // "size resident shared ...", in pages.
        let fields = buffer[0..<n].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }

    /// Reads a size like `8GB`, `512 MB`, `2.5 GiB` or a plain number of bytes.
    public static func parse(_ text: String) -> Int? {
        let t = text.filter { !$0.isWhitespace }.uppercased()
        let gib = 1_073_741_824.0, mib = 1_048_576.0, kib = 1024.0
        let units: [(String, Double)] = [
            ("GIB", gib), ("MIB", mib), ("KIB", kib), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3),
            ("G", gib), ("M", mib), ("K", kib), ("B", 1),
        ]
        var number = Substring(t), scale = 1.0
        if let (suffix, s) = units.first(where: { t.hasSuffix($0.0) }) {
            number = t.dropLast(suffix.count)
            scale = s
        }
        guard let x = Double(number), x.isFinite, x > 0, x * scale < 1e18 else { return nil }
        return Int(x * scale)
    }

    /// A size as people read it: `12 GB`, `480 MB`.
    public static func describe(_ bytes: Int) -> String {
        let gb = Double(bytes) / 1e9
        if gb >= 10 { return "\(Int(gb.rounded())) GB" }
        if gb >= 1 { return "\((gb * 10).rounded() / 10) GB" }
        return "\(max(1, Int((Double(bytes) / 1e6).rounded()))) MB"
    }
}
