import Glibc
import Synchronization

/// Runs one job per element at once, each on a thread of its own, and returns their results in
/// the elements' order once every job is done: a fleet's hosts are asked in parallel, so a
/// fleet command takes as long as its slowest host, not the sum.
///
/// The jobs may block (they make blocking calls); each must touch only what is its own (its
/// host's controller and output), which is why jobs cross threads unchecked. A thread that
/// cannot be created runs its job on the calling thread. Ctrl-C reaches the calling thread
/// only: while it waits for the others it calls `interrupt` once (which must wake them, e.g.
/// by aborting their connections), and the interrupt stays pending for the caller.
enum FanOut {
    static func map<Element, Result>(
        _ elements: [Element], interrupt: @escaping () -> Void = {}, _ job: @escaping (Element) -> Result
    ) -> [Result] {
        let results = Results<Result>(count: elements.count)
        let thunks = elements.enumerated().map { index, element in Thunk { results.store(job(element), at: index) } }
        var threads: [pthread_t] = []
        for thunk in thunks.dropFirst() {
            if let thread = thunk.start() { threads.append(thread) } else { thunk.body() }
        }
        // The first job runs here, while the others run on their threads.
        thunks.first?.body()
        var interrupted = false
        while !thunks.allSatisfy(\.isDone) {
            if Interrupt.isPending && !interrupted {
                interrupted = true
                interrupt()
            }
            // Cut short by SIGINT (EINTR), so Ctrl-C is seen at once.
            var pause = timespec(tv_sec: 0, tv_nsec: 5_000_000)
            nanosleep(&pause, nil)
        }
        for thread in threads { pthread_join(thread, nil) }
        return results.values
    }

    /// One job, type-erased so that the thread's entry point need not be generic.
    private final class Thunk: @unchecked Sendable {
        private let work: () -> Void
        private let done = Atomic<Bool>(false)

        init(_ work: @escaping () -> Void) { self.work = work }

        var isDone: Bool { done.load(ordering: .acquiring) }

        func body() {
            work()
            done.store(true, ordering: .releasing)
        }

        /// Runs `body` on a new thread; nil if none could be made.
        func start() -> pthread_t? {
            let retained = Unmanaged.passRetained(self)
            var handle = pthread_t()
            let created = pthread_create(&handle, nil, { raw in
                Unmanaged<Thunk>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, retained.toOpaque())
            guard created == 0 else {
                retained.release()
                return nil
            }
            return handle
        }
    }

    /// The jobs' results; each slot is written by one job, and read after every job joined.
    /// Raw memory, not an array: an array's element writes from several threads race on its
    /// buffer (the copy-on-write check), distinct slots of raw memory do not.
    private final class Results<Value>: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<Value?>

        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func store(_ value: Value, at index: Int) { slots[index] = value }

        var values: [Value] { slots.map { $0! } }
    }
}
