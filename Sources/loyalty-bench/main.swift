// The benchmark of issues 4 and 12, one command (scripts/bench): the Monte Carlo workload against
// numpy and tight C, scripts against Python, REPL latency, :save/:load, start-up and the heavy
// paths. Prints times, peak memory and ratios; not part of CI.
//
//   loyalty-bench [FOLDER] [--loyalty PATH] [--python PATH] [--cc PATH] [--only SECTION]
import Foundation

/// Where the programs the benchmark runs are.
struct Tools {
    var folder = "benchmarks"
    var loyalty = ".build/release/loyalty"
    var python = "python3"
    var cc = "cc"
    var scratch = NSTemporaryDirectory() + "loyalty-bench-\(getpid())"
    var only: String?
}

var tools = Tools()
var args = Array(CommandLine.arguments.dropFirst())
while !args.isEmpty {
    let a = args.removeFirst()
    switch a {
    case "--loyalty": tools.loyalty = args.removeFirst()
    case "--python": tools.python = args.removeFirst()
    case "--cc": tools.cc = args.removeFirst()
    case "--only": tools.only = args.removeFirst()
    default: tools.folder = a
    }
}
try? FileManager.default.createDirectory(atPath: tools.scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: tools.scratch) }

print("loyalty benchmark on \(ProcessInfo.processInfo.activeProcessorCount) cores; loyalty = \(tools.loyalty)")
let sections: [(String, (Tools) -> Void)] = [
    ("montecarlo", MonteCarlo.run), ("scripts", Language.run), ("repl", ReplLatency.run), ("startup", Startup.run),
    ("heavy", HeavyPaths.run),
]
for (name, section) in sections where tools.only == nil || tools.only == name { section(tools) }
