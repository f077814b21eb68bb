import Glibc

/// A thread that copies one `/logtail` stream to the command's output until stopped (`fg`).
///
/// The output is shared with the main thread, which `OutputStreams` allows: each chunk is
/// written and flushed whole, so the two streams of `fg` may interleave chunks but never bytes.
final class LogFollower: @unchecked Sendable {
    private let connection: HTTPConnection
    private var thread: pthread_t?

    init(url: ServerURL, credentials: (username: String, password: String)?, path: String, to streams: any OutputStreams) {
        connection = HTTPConnection(url: url, credentials: credentials)
        let box = Unmanaged.passRetained(FollowJob(connection: connection, path: path, streams: streams))
        var handle = pthread_t()
        let created = pthread_create(&handle, nil, { raw in
            let job = Unmanaged<FollowJob>.fromOpaque(raw!).takeRetainedValue()
            job.run()
            return nil
        }, box.toOpaque())
        if created == 0 {
            thread = handle
        } else {
            box.release()
        }
    }

    func stop() {
        connection.abort()
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }
}

/// What a follower's thread runs. Its connection is used by that thread alone (`abort` only
/// shuts the socket down from outside).
private final class FollowJob: @unchecked Sendable {
    let connection: HTTPConnection
    let path: String
    let streams: any OutputStreams

    init(connection: HTTPConnection, path: String, streams: any OutputStreams) {
        self.connection = connection
        self.path = path
        self.streams = streams
    }

    func run() {
        try? connection.stream(path) { bytes in
            streams.writeBytes(bytes)
            streams.flush()
            return true
        }
    }
}
