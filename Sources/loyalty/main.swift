import ArgumentParser
import LoyaltyCore
import LoyaltyNumerics
import LoyaltyREPL

extension OutputFormat: ExpressibleByArgument {}

/// Shared options of running scripts.
struct DisplayOptions: ParsableArguments {
    @Option(help: "Output format: table, csv, json or markdown (default: config.toml's, else table).")
    var format: OutputFormat?

    @Flag(name: .customLong("no-color"), help: "Never use colour (also off when NO_COLOR is set or output is piped).")
    var noColor = false

    @Option(help: "Characters per line that tables, charts and explain fit into (default: the terminal's, else $COLUMNS, else 80).")
    var width: Int?

    @Option(
        name: .customLong("output-dir"),
        help: "Write each result to its own file in this folder (01-LABEL.csv, ...; the extension follows --format).")
    var outputDir: String?

    @Flag(
        name: .customLong("no-init"),
        help: "Do not read ~/.config/loyalty/init.loy and config.toml (or those in $XDG_CONFIG_HOME/loyalty).")
    var noInit = false

    @Option(help: "Random seed for uncertain values (the same seed gives the same numbers).")
    var seed: UInt64?

    @Option(help: "Monte Carlo samples per uncertain value (default 10000, at most 10000000).")
    var samples: Int?

    @Option(help: "Stop scripts and -e expressions after this many seconds (exit code 1).")
    var timeout: Double?

    @Option(help: "Memory evaluation may use, like 8GB or 512MB (default: half the machine's memory).")
    var memory: String?

    func validate() throws {
        if let samples, Setting.samples.validate(Double(samples)) == nil {
            throw ValidationError(Setting.samples.refusal(as: "--samples"))
        }
        if let memory, Setting.memory.validate(memory) == nil {
            throw ValidationError(Setting.memory.refusal(as: "--memory"))
        }
        if let width, width < RenderOptions.minimumWidth || width > 10_000 {
            throw ValidationError("--width must be a number of characters from \(RenderOptions.minimumWidth) to 10000")
        }
        if let timeout, !(timeout > 0) {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
    }
}

struct Loyalty: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loyalty",
        abstract: "A REPL and script runner for the economics of customer loyalty.",
        usage:
            "loyalty [FILE ...] [-i FILE ...] [-e EXPR ...] [OPTIONS]\nloyalty check FILE ...\n"
            + "loyalty report FILE -o REPORT.html|REPORT.md",
        discussion: """
              loyalty                   start the REPL
              loyalty FILE...           run scripts and print their results
              loyalty -i FILE           load a script, then start the REPL
              loyalty -e EXPR           evaluate an expression (repeatable, after FILEs)
              loyalty check FILE...     parse and check scripts without printing results
              loyalty report FILE -o R  write a script's run as a document (.html or .md)
              loyalty --present LESSON  show a lesson on a projector, step by step

            Options: --format table|csv|json|markdown, --width N,
            --output-dir DIR, --no-color, --no-init, --seed N, --samples N,
            --timeout SECONDS, --memory SIZE.
            `loyalty run --help` describes them. Documentation: README.md and docs/.
            """,
        version: Launcher.version,
        subcommands: [Run.self, Check.self, Report.self],
        defaultSubcommand: Run.self
    )
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scripts and print their results, or start the REPL.",
        // The generated usage lists every option on one 200-character line.
        usage: "loyalty [FILE ...] [-i FILE ...] [-e EXPR ...] [OPTIONS]")

    @Argument(help: "Scripts to run.")
    var files: [String] = []

    @Option(name: .short, help: ArgumentHelp("Load a script, then open the REPL (repeatable).", valueName: "file"))
    var interactive: [String] = []

    @Option(name: .short, help: ArgumentHelp("Evaluate an expression and print its result (repeatable).", valueName: "expr"))
    var expression: [String] = []

    @Option(help: ArgumentHelp("Present a lesson one statement at a time (Enter: next, b: back, r: restart, q: quit).", valueName: "file"))
    var present: String?

    @OptionGroup var display: DisplayOptions

    func run() throws {
        if let present {
            let code = Launcher.present(present, width: display.width, noColor: display.noColor)
            if code != 0 { throw ExitCode(code) }
            return
        }
        var options = LaunchOptions()
        options.files = files
        options.interactiveFiles = interactive
        options.expressions = expression
        options.format = display.format
        options.noColor = display.noColor
        options.width = display.width
        options.outputFolder = display.outputDir
        options.noInit = display.noInit
        options.seed = display.seed
        options.samples = display.samples
        options.timeout = display.timeout
        options.memory = display.memory.flatMap { Setting.memory.validate($0) }.map { Int($0) }
        let code = Launcher.run(options)
        if code != 0 { throw ExitCode(code) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse and check scripts without printing results.")

    @Argument(help: "Scripts to check.")
    var files: [String]

    @Flag(name: .customLong("no-color"), help: "Never use colour.")
    var noColor = false

    func run() throws {
        let code = Launcher.check(files, noColor: noColor)
        if code != 0 { throw ExitCode(code) }
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a script and write it as a document: its comments as prose, its results, charts as SVG.")

    @Argument(help: "The script.")
    var file: String

    @Option(name: .short, help: ArgumentHelp("The report: .html (self-contained) or .md.", valueName: "file"))
    var output: String

    @Flag(help: "Replace an existing file that is not a loyalty report.")
    var force = false

    @Flag(help: "A workshop lesson's trainer copy: each exercise with its answer from answers/LESSON.loy.")
    var answers = false

    @Option(help: "The random seed, unless the script sets one.")
    var seed: UInt64?

    @Option(help: "Monte Carlo samples, unless the script sets them.")
    var samples: Int?

    func run() throws {
        let code = Launcher.report(file, to: output, force: force, seed: seed, samples: samples, answers: answers)
        if code != 0 { throw ExitCode(code) }
    }
}

Backtraces.ensureNonInteractive()
Loyalty.main()
