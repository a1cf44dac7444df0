import Foundation
import Portal
import Records
import Testing

@testable import Control

@Suite("Portal templates that would crash or defeat the renderer are refused")
struct TemplateSafetyTests {
    @Test func theBuiltInPartialsAreThoseOfTheBuiltInTheme() {
        for name in TemplateSafety.templateNames {
            let scan = TemplateSafety.scan(Theme.builtIn["\(name).mustache"]!)
            #expect(scan.problem == nil, "\(name)")
            #expect(scan.partials == TemplateSafety.builtInPartials[name], "\(name)")
        }
        #expect(TemplateSafety.cycle(in: TemplateSafety.builtInPartials) == nil)
    }

    @Test func loopsDelimiterChangesAndDeepNestingAreFound() {
        #expect(TemplateSafety.problems(overrides: ["head": "<meta>\n{{>head}}\n"]).first?.line == nil)
        #expect(TemplateSafety.problems(overrides: ["head": "{{> head }}"]).first?.message.contains("head → head") == true)
        // Through a built-in page template: head → document → head.
        let through = TemplateSafety.problems(overrides: ["head": "{{>document}}"])
        #expect(through.first?.message.contains("head → document → head") == true)
        // Through two overrides.
        #expect(TemplateSafety.problems(overrides: ["banner": "{{>footer}}", "footer": "{{#x}}{{>banner}}{{/x}}"]).count == 1)
        let delimiters = TemplateSafety.problems(overrides: ["footer": "<footer>\n{{=<% %>=}}\n<%>footer%>\n"])
        #expect(delimiters.first?.line == 2)
        #expect(delimiters.first?.message.contains("delimiters") == true)
        #expect(TemplateSafety.problems(overrides: ["footer": "{{>*name}}"]).first?.message.contains("chosen by a value") == true)
        let deep = String(repeating: "{{#a}}", count: 33) + String(repeating: "{{/a}}", count: 33)
        #expect(TemplateSafety.problems(overrides: ["footer": deep]).first?.message.contains("32 deep") == true)
        let fine = String(repeating: "{{#a}}", count: 32) + String(repeating: "{{/a}}", count: 32)
        #expect(
            TemplateSafety.problems(overrides: ["footer": fine + "{{>banner}} {{{x}}} {{! {{>footer}} is fine in a comment? }}"]).isEmpty)
        #expect(TemplateSafety.problems(overrides: ["footer": "<footer>{{organization}} {{>banner}}</footer>"]).isEmpty)
    }

    /// A released configuration whose head template includes itself crashed `stet build` (a stack overflow
    /// in the renderer) while `verify` said nothing.
    @Test func aRecursivePartialIsAConfigurationThatIsNotReleased() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("restyle")
        try fixture.writeConfiguration(revision: 2)
        try fixture.write("site-templates/head.mustache", "<meta name=\"x\" content=\"y\">\n{{>head}}\n")
        try fixture.commit("Restyle the portal head", as: "alice")
        try fixture.approve("CONFIG", revision: 2, as: "adam")
        try fixture.merge("restyle")

        let verify = try StetProcess.run(["verify", "-C", fixture.repository.path, "--format", "json"])
        #expect(verify.status == 1, "\(verify.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        let finding = try #require((json["findings"] as? [[String: Any]])?.first { $0["code"] as? String == "config-unapproved" })
        #expect(finding["severity"] as? String == "error")
        let message = try #require(finding["message"] as? String)
        #expect(message.contains("site-templates/head.mustache includes itself"), "\(message)")
        #expect(message.contains("head → head"))

        // The build finishes (no crash), with the templates of the configuration still in force.
        let out = fixture.root.appendingPathComponent("portal")
        let build = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out.path, "--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
        let page = try String(contentsOf: out.appendingPathComponent("documents/SOP-QA-001/index.html"), encoding: .utf8)
        #expect(!page.contains("content=\"y\""))

        // `check` on the working tree refuses the configuration (exit 2), naming the file.
        let check = try StetProcess.run(["check", "-C", fixture.repository.path])
        #expect(check.status == 2)
        #expect(check.stderr.contains("site-templates/head.mustache"), "\(check.stderr)")
    }

    @Test func aDelimiterChangeInTheRootOfTrustIsAClearErrorNotACrash() throws {
        let fixture = try GitFixture()
        try fixture.writeConfiguration()
        try fixture.write("site-templates/footer.mustache", "{{=<% %>=}}\n<%>footer%>\n")
        try fixture.commit("Configuration", as: "adam")
        let verify = try StetProcess.run(["verify", "-C", fixture.repository.path])
        #expect(verify.status == 2)
        #expect(verify.stderr.contains("site-templates/footer.mustache:1"), "\(verify.stderr)")
        let out = fixture.root.appendingPathComponent("portal")
        let build = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out.path, "--quiet"])
        #expect(build.status == 2, "\(build.stderr)")
        #expect(build.stderr.contains("delimiters"), "\(build.stderr)")
        let draft = try StetProcess.run(["build", "--draft", "-C", fixture.repository.path, "--out", out.path, "--quiet"])
        #expect(draft.status != 0 && draft.status < 128, "\(draft.stderr)")
    }
}
