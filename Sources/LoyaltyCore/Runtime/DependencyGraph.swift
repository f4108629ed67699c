import HashTreeCollections

/// Which definitions mention which names, kept both ways so that a redefinition finds its users
/// without scanning every definition. Persistent maps: a copy of the session shares the graph
/// and a change costs O(log n) plus the names the changed definition mentions.
struct DependencyGraph: Sendable {
    /// The names each definition mentions, defined or not (a function may use a name defined
    /// later), itself excluded.
    private(set) var mentions: TreeDictionary<String, Set<String>> = [:]
    /// For each name, the definitions that mention it. Keyed by the name even while it is not
    /// defined, so that defining it later finds the definitions that were waiting for it.
    private var mentionedBy: TreeDictionary<String, TreeSet<String>> = [:]

    /// Records what `name`'s (new) definition mentions, replacing what its old one did.
    mutating func set(_ name: String, mentions new: Set<String>) {
        let old = mentions[name] ?? []
        for gone in old where !new.contains(gone) {
            mentionedBy[gone]?.remove(name)
            if mentionedBy[gone]?.isEmpty == true { mentionedBy[gone] = nil }
        }
        for added in new where !old.contains(added) { mentionedBy[added, default: []].insert(name) }
        mentions[name] = new
    }

    /// The definitions that mention `name` themselves.
    func directUsers(of name: String) -> Set<String> { Set(mentionedBy[name] ?? []) }

    /// Every definition that mentions `name` directly or through others (not `name` itself,
    /// unless it is part of a cycle), visiting only those definitions.
    func users(of name: String) -> Set<String> {
        var seen = Set<String>()
        var queue = [name]
        while let n = queue.popLast() {
            for user in mentionedBy[n] ?? [] where seen.insert(user).inserted { queue.append(user) }
        }
        seen.remove(name)
        return seen
    }
}

extension Definition {
    /// Every name the definition's text mentions, itself excluded (an over-approximation: a
    /// parameter or lambda variable that shadows a global counts as a mention of it).
    var mentionedNames: Set<String> {
        var names = Set<String>()
        switch kind {
        case .value(let e): e.collectNames(into: &names)
        case .function(_, let e): e.collectNames(into: &names)
        case .cohort(let fields, _): fields.forEach { $0.value.collectNames(into: &names) }
        case .scenario(let parent, let overrides):
            if let parent { names.insert(parent) }
            for o in overrides {
                names.insert(o.path[0])
                o.value.collectNames(into: &names)
            }
        }
        names.remove(name)
        return names
    }
}
