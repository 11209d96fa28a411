import Dispatch

/// Runs an actor's jobs on its own dispatch queue instead of Swift's shared cooperative pool.
///
/// The live session steps simulations inside its actor; on its own queue that work never holds a
/// thread that the server's request and WebSocket tasks need.
/// `@unchecked Sendable`: its only state is the immutable reference to a serial `DispatchQueue`,
/// itself safe to use from any thread.
final class SerialQueueExecutor: SerialExecutor, @unchecked Sendable {
    let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        queue.async { unowned.runSynchronously(on: self.asUnownedSerialExecutor()) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
