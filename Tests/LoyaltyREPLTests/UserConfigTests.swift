import Foundation
import Testing

@testable import LoyaltyCore
@testable import LoyaltyREPL

/// config.toml: read with TOMLKit, each mistake positioned, the valid settings kept.
@Suite struct UserConfigTests {
    @Test func validSettings() {
        let (config, problems) = UserConfig.parse(
            "# mine\nwidth = 100\nprecision = 6\nformat = \"markdown\"\ncolor = false\nhistory_size = 500\n", name: "c.toml")
        #expect(problems.isEmpty)
        var expected = UserConfig()
        expected.width = 100
        expected.precision = 6
        expected.format = .markdown
        expected.color = false
        expected.historySize = 500
        #expect(config == expected)
    }

    @Test func badValuesArePositionedAndTheRestKept() {
        let (config, problems) = UserConfig.parse("width = 20\nprecision = 5 # digits\nformat = \"pdf\"\n", name: "c.toml")
        #expect(config.precision == 5 && config.width == nil && config.format == nil)
        let rendered = problems.map { DiagnosticRenderer.render($0) }
        // In the order of the file.
        #expect(rendered.count == 2)
        #expect(rendered[1].contains("`format` in config.toml takes one of \"table\", \"csv\", \"json\", \"markdown\""))
        #expect(rendered[1].contains("c.toml:3:10") && rendered[1].contains("         ^^^^^"))
        #expect(rendered[0].contains("`width` in config.toml takes a whole number of characters from 40 to 10000"))
        #expect(rendered[0].contains("c.toml:1:9"))
    }

    @Test func unknownKeysAndSyntaxErrors() {
        let (_, unknown) = UserConfig.parse("widht = 90\nseed = 3\n", name: "c.toml")
        #expect(unknown.map(\.message) == ["unknown setting `widht` in config.toml", "unknown setting `seed` in config.toml"])
        #expect(unknown[0].notes.first == "did you mean `width`?")
        #expect(unknown[1].notes.first?.contains("write `seed N` in init.loy") == true)
        // A line TOML cannot read is left out; the lines that read on their own still count.
        let (config, broken) = UserConfig.parse("width = 90\nformat = \nprecision 3\nwidth = 70\ncolor = false\n", name: "c.toml")
        #expect(config.width == 90 && config.color == false && config.precision == nil)
        #expect(broken.count == 3)
        #expect(DiagnosticRenderer.render(broken[0]).contains("c.toml:2:10"))
        #expect(broken.map { DiagnosticRenderer.render($0) }.allSatisfy { $0.contains("the line is ignored") })
    }

    @Test func theFolderFollowsXDG() {
        #expect(UserConfig.folder(["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/loyalty")
        #expect(UserConfig.folder(["HOME": "/h"]) == "/h/.config/loyalty")
        #expect(UserConfig.folder([:]) == nil)
    }
}
