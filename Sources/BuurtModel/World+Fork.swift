import BuurtCore

extension World {
    /// A deep copy: every column, agent array, counter and random stream, in exactly the same
    /// state, so the copy goes on exactly as the original would (the live page's 'fork here').
    public func fork() -> World { World(copying: self) }
}

extension Simulation {
    /// A copy of the running simulation (state, random streams, pending events, recorded metrics
    /// and lever changes). With the same levers from here on it tracks the original exactly.
    public func fork() -> Simulation { Simulation(copying: self) }
}
