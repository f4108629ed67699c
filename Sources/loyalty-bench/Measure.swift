import Foundation

/// One run of a program: its wall time, peak resident memory and what it printed.
struct Measured {
    let seconds: Double
    /// Peak resident set size (the kernel's ru_maxrss of the child).
    let peakBytes: Int
    let status: Int32
    let output: String
    let error: String
}

/// Runs programs as processes, timed from spawn to exit, with their peak memory from wait4.
enum Measure {
    /// GNU time, when installed: a child of this process inherits its resident high-water mark
    /// (Linux keeps ru_maxrss across exec), so a small program would show the benchmark's own
    /// size; started by `time`, it shows its own.
    static let gnuTime = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil

    /// Runs `argv` once; stdout and stderr go to files so that a large output cannot block it.
    static func run(_ argv: [String], in folder: String) -> Measured {
        guard let time = gnuTime else { return spawn(argv, in: folder) }
        let file = folder + "/.rss"
        let m = spawn([time, "-q", "-f", "%M", "-o", file] + argv, in: folder)
        let kb = (try? String(contentsOfFile: file, encoding: .utf8))
            .flatMap { Int($0.split(separator: "\n").last.map(String.init) ?? "") } ?? m.peakBytes / 1024
        return Measured(seconds: m.seconds, peakBytes: kb * 1024, status: m.status, output: m.output, error: m.error)
    }

    private static func spawn(_ argv: [String], in folder: String) -> Measured {
        let out = folder + "/.stdout", err = folder + "/.stderr"
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawnp(&pid, argv[0], &actions, nil, &cArgs, environ) == 0 else {
            return Measured(seconds: .nan, peakBytes: 0, status: 127, output: "", error: "cannot start \(argv[0])")
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Measured(
            seconds: seconds, peakBytes: usage.ru_maxrss * 1024, status: exit,
            output: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            error: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    /// The fastest of `runs` runs (after one warm-up), with the largest peak memory seen.
    static func best(_ argv: [String], in folder: String, runs: Int = 5) -> Measured {
        _ = run(argv, in: folder)
        var best = run(argv, in: folder)
        var peak = best.peakBytes
        for _ in 1..<max(1, runs) {
            let m = run(argv, in: folder)
            peak = max(peak, m.peakBytes)
            if m.seconds < best.seconds { best = m }
        }
        return Measured(
            seconds: best.seconds, peakBytes: peak, status: best.status, output: best.output, error: best.error)
    }
}

/// Formatting of the report's figures.
enum Report {
    static func ms(_ seconds: Double) -> String { String(format: "%8.1f ms", seconds * 1000) }
    static func mb(_ bytes: Int) -> String { String(format: "%7.0f MB", Double(bytes) / 1_048_576) }
    static func ratio(_ x: Double) -> String { String(format: "%.2f", x) }
    static func verdict(_ ok: Bool) -> String { ok ? "met" : "NOT met" }
}
