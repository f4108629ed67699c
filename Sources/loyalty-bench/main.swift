// The benchmark of issue 4: the Monte Carlo workload of benchmarks/workload.loy (10 cohorts with
// 7 uncertain inputs each, total damage summarised as mean and percentiles) timed in this process
// at 10,000 and 1,000,000 samples, against benchmarks/reference.py (numpy) run in the same
// invocation. Prints the times and the ratios. Run it with scripts/bench.
import Foundation
import LoyaltyCore
import LoyaltyNumerics

func time(samples: Int, script: String, runs: Int) -> (seconds: Double, output: String) {
    var best = Double.infinity
    var output = ""
    for _ in 0..<runs {
        var interpreter = Interpreter()
        interpreter.session.samples = samples
        var shown: [String] = []
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = interpreter.run(SourceFile(name: "workload.loy", text: script)) {
            shown.append(ResultRenderer.render($0, RenderOptions()))
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if case .failure(let d) = outcome {
            FileHandle.standardError.write(
                Data((d.map { DiagnosticRenderer.render($0) }.joined(separator: "\n") + "\n").utf8))
            exit(1)
        }
        best = min(best, seconds)
        output = shown.joined(separator: "\n")
    }
    return (best, output)
}

func reference(samples: Int, folder: String) -> (seconds: Double, mean: Double)? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", folder + "/reference.py", String(samples)]
    let pipe = Pipe()
    p.standardOutput = pipe
    do { try p.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0,
        let json = try? JSONSerialization.jsonObject(with: data) as? [String: Double],
        let seconds = json["seconds"], let mean = json["mean"]
    else { return nil }
    return (seconds, mean)
}

let folder = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "benchmarks"
guard let script = try? String(contentsOfFile: folder + "/workload.loy", encoding: .utf8) else {
    print("cannot read \(folder)/workload.loy")
    exit(1)
}
print("loyalty benchmark: 10 cohorts × 7 uncertain inputs, damage() summed, mean and p5/p50/p95")
print(
    "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; best of 3 runs each, evaluation only (no process "
        + "start)"
)
for samples in [10_000, 1_000_000] {
    let mine = time(samples: samples, script: script, runs: 3)
    print("\n\(NumberFormat.plain(Double(samples))) samples")
    print("  loyalty: \(String(format: "%7.1f", mine.seconds * 1000)) ms   \(mine.output)")
    if let ref = reference(samples: samples, folder: folder) {
        print("  numpy:   \(String(format: "%7.1f", ref.seconds * 1000)) ms   mean €\(NumberFormat.plain(ref.mean))")
        let target =
            samples == 1_000_000
            ? (ref.seconds / mine.seconds >= 3 ? " (target ≥ 3: met)" : " (target ≥ 3: NOT met)") : ""
        print("  ratio:   numpy time / loyalty time = \(String(format: "%.2f", ref.seconds / mine.seconds))\(target)")
    } else {
        print("  numpy:   not run (needs python3 with numpy: pip install numpy)")
    }
    if samples == 10_000 {
        print("  target:  10,000 samples under 30 ms: \(mine.seconds < 0.030 ? "met" : "not met")")
    }
}
