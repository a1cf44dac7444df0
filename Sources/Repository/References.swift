import CGit2
import Foundation

/// Branches, their remote-tracking counterparts and how commits relate, for commands that compare
/// a change with the release branch.
extension GitRepository {
    /// The commit a full reference name (`refs/heads/main`) points at, or nil when there is none.
    public func reference(_ fullName: String) -> ObjectID? {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, pointer, fullName) == 0 else { return nil }
        return ObjectID(Self.string(oid))
    }

    /// The branch HEAD is on (`main`), or nil when HEAD is detached or the branch unborn.
    public func currentBranch() -> String? {
        var head: OpaquePointer?
        guard git_repository_head(&head, pointer) == 0, let head else { return nil }
        defer { git_reference_free(head) }
        guard git_reference_is_branch(head) == 1, let name = git_reference_shorthand(head) else { return nil }
        return String(cString: name)
    }

    /// The remote-tracking reference of local branch `name` (`refs/remotes/origin/main`): its
    /// configured upstream, else `origin`'s branch of the same name; nil when there is neither.
    public func remoteTrackingReference(ofBranch name: String) -> String? {
        var branch: OpaquePointer?
        if git_branch_lookup(&branch, pointer, name, GIT_BRANCH_LOCAL) == 0, let branch {
            defer { git_reference_free(branch) }
            var upstream: OpaquePointer?
            if git_branch_upstream(&upstream, branch) == 0, let upstream {
                defer { git_reference_free(upstream) }
                if let full = git_reference_name(upstream), git_reference_is_remote(upstream) == 1 { return String(cString: full) }
            }
        }
        let origin = "refs/remotes/origin/\(name)"
        return reference(origin) == nil ? nil : origin
    }

    /// The best common ancestor of two commits, or nil when they share no history.
    public func mergeBase(_ one: ObjectID, _ two: ObjectID) -> ObjectID? {
        var result = git_oid()
        var a = Self.oid(one)
        var b = Self.oid(two)
        guard git_merge_base(&result, pointer, &a, &b) == 0 else { return nil }
        return ObjectID(Self.string(result))
    }

    /// How many commits `local` has that `upstream` lacks, and the other way round.
    public func aheadBehind(_ local: ObjectID, _ upstream: ObjectID) -> (ahead: Int, behind: Int)? {
        var ahead = 0
        var behind = 0
        var a = Self.oid(local)
        var b = Self.oid(upstream)
        guard git_graph_ahead_behind(&ahead, &behind, pointer, &a, &b) == 0 else { return nil }
        return (ahead, behind)
    }
}
