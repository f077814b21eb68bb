/// The members of an XML-RPC struct, in the order they were added or read, as a Python dict
/// keeps them; the encoder writes them in that order.
///
/// Invariant: member names are unique. Setting a name that is present replaces its value in
/// place. Equality and hashing ignore the order. Lookups scan the members: supervisor's
/// structs have a few dozen at most, and a scan is cheaper than hashing every name of every
/// struct in a 200-process `getAllProcessInfo`.
package struct XMLRPCStruct: Sendable, Hashable {
    package struct Member: Sendable, Hashable {
        package let name: String
        package var value: XMLRPCValue

        package init(_ name: String, _ value: XMLRPCValue) {
            self.name = name
            self.value = value
        }
    }

    package private(set) var members: [Member]

    package init() { members = [] }

    /// Members whose names the caller has made unique (the decoder, which tracks them, or a
    /// model writing its fixed member list; checked in debug builds).
    package init(uniqueMembers: [Member]) {
        assert(Set(uniqueMembers.map(\.name)).count == uniqueMembers.count, "a struct repeats a member name")
        members = uniqueMembers
    }

    package var isEmpty: Bool { members.isEmpty }
    package var count: Int { members.count }
    package var names: [String] { members.map(\.name) }

    package subscript(name: String) -> XMLRPCValue? {
        get { members.first { $0.name == name }?.value }
        set {
            let index = members.firstIndex { $0.name == name }
            switch (index, newValue) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append(Member(name, value))
            case (nil, nil): break
            }
        }
    }

    package static func == (left: XMLRPCStruct, right: XMLRPCStruct) -> Bool {
        left.count == right.count && left.members.allSatisfy { right[$0.name] == $0.value }
    }

    package func hash(into hasher: inout Hasher) {
        // Order-independent: the members' own hashes combined commutatively.
        var combined = 0
        for member in members { combined ^= member.hashValue }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension XMLRPCStruct: ExpressibleByDictionaryLiteral {
    /// The names written in a literal must differ (checked in debug builds): literals build
    /// every struct of a reply, so they are taken as written rather than searched.
    package init(dictionaryLiteral elements: (String, XMLRPCValue)...) { self.init(literal: elements) }

    init(literal elements: [(String, XMLRPCValue)]) {
        assert(Set(elements.map(\.0)).count == elements.count, "a struct literal repeats a member name")
        members = elements.map { Member($0.0, $0.1) }
    }
}
