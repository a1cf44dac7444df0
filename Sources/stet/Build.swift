import ArgumentParser

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Render the document portal.")
    @OptionGroup var repository: RepositoryOptions
    func run() throws {}
}
