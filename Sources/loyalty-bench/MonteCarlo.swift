// The benchmark of issue 4: the Monte Carlo workload of benchmarks/workload.loy (10 cohorts with
// 7 uncertain inputs each, total damage summarised as mean and percentiles) timed in this process
// at 10,000 and 1,000,000 samples, against benchmarks/reference.py (numpy) and
// benchmarks/montecarlo.c (tight C, 2 threads: the yardstick of issue 12), run in the same
// invocation.
import Foundation
import LoyaltyCore
import LoyaltyNumerics

enum MonteCarlo {
    static func time(samples: Int, script: String, runs: Int) -> (seconds: Double, output: String) {
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

    /// `{"seconds": …, "mean": …}` printed by a reference program.
    static func parse(_ m: Measured) -> (seconds: Double, mean: Double)? {
        guard m.status == 0, let json = try? JSONSerialization.jsonObject(with: Data(m.output.utf8)) as? [String: Any],
            let seconds = json["seconds"] as? Double, let mean = json["mean"] as? Double
        else { return nil }
        return (seconds, mean)
    }

    /// Compiles montecarlo.c and writes its input (the cohorts of workload.json as numbers).
    static func buildC(_ tools: Tools) -> String? {
        let binary = tools.scratch + "/montecarlo"
        let compile = Measure.run(
            [
                tools.cc, "-O3", "-march=native", "-ffast-math", "-pthread", tools.folder + "/montecarlo.c", "-lm",
                "-o", binary,
            ], in: tools.scratch)
        guard compile.status == 0,
            let data = FileManager.default.contents(atPath: tools.folder + "/workload.json"),
            let cohorts = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else {
            print("  C:       not built (\(compile.error.split(separator: "\n").first ?? "no workload.json"))")
            return nil
        }
        let keys = ["problem_rate", "complaint_rate", "silent", "satisfied", "dissatisfied", "lost_per_tell", "won_per_tell"]
        let lines = cohorts.map { c -> String in
            let pairs = keys.flatMap { (c[$0] as? [Double]) ?? [] }.map { "\($0)" }
            return (["\(c["customers"] ?? 0)", "\(c["value"] ?? 0)"] + pairs).joined(separator: " ")
        }
        FileManager.default.createFile(
            atPath: tools.scratch + "/cohorts.txt", contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        return binary
    }

    static func run(_ tools: Tools) {
        guard let script = try? String(contentsOfFile: tools.folder + "/workload.loy", encoding: .utf8) else {
            print("cannot read \(tools.folder)/workload.loy")
            exit(1)
        }
        print("== Monte Carlo: 10 cohorts × 7 uncertain inputs, damage() summed, mean and p5/p50/p95")
        print("   best of 3 runs each, evaluation only (no process start)")
        let c = buildC(tools)
        for samples in [10_000, 1_000_000] {
            let mine = time(samples: samples, script: script, runs: 3)
            print("\n\(NumberFormat.plain(Double(samples))) samples")
            print("  loyalty: \(Report.ms(mine.seconds))   \(mine.output)")
            let numpy = parse(Measure.run([tools.python, tools.folder + "/reference.py", String(samples)], in: tools.scratch))
            if let ref = numpy {
                print("  numpy:   \(Report.ms(ref.seconds))   mean €\(NumberFormat.plain(ref.mean))")
                let target =
                    samples == 1_000_000
                    ? (ref.seconds / mine.seconds >= 3 ? " (target ≥ 3: met)" : " (target ≥ 3: NOT met)") : ""
                print("  ratio:   numpy time / loyalty time = \(Report.ratio(ref.seconds / mine.seconds))\(target)")
            } else {
                print("  numpy:   not run (needs python3 with numpy: pip install numpy)")
            }
            if let c {
                let m = Measure.run(["/bin/sh", "-c", "'\(c)' \(samples) < '\(tools.scratch)/cohorts.txt'"], in: tools.scratch)
                if let ref = parse(m) {
                    print("  C:       \(Report.ms(ref.seconds))   mean €\(NumberFormat.plain(ref.mean))   (2 threads, -O3 -ffast-math)")
                    print("  ratio:   loyalty time / C time = \(Report.ratio(mine.seconds / ref.seconds))")
                }
            }
            if samples == 10_000 {
                print("  target:  10,000 samples under 30 ms: \(Report.verdict(mine.seconds < 0.030))")
            }
        }
    }
}
