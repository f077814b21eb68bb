/// An account as the password database gives it (`pwd.getpwnam`, `pwd.getpwuid`).
package struct UserAccount: Sendable, Hashable {
    package var uid: UInt32
    /// The account's primary group.
    package var gid: UInt32
    package var name: String

    package init(uid: UInt32, gid: UInt32, name: String) {
        self.uid = uid
        self.gid = gid
        self.name = name
    }
}
