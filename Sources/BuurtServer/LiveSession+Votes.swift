import BuurtCore
import BuurtModel

/// The audience's proposals and votes: a viewer proposes a lever change for a branch and everyone
/// votes; the projector shows the tally; the host applies one (it becomes a marker like any other
/// change, and the round ends) or closes the round. Anonymous (no one's identity is sent), one vote
/// per viewer (moving it takes the vote from the other proposal), rate-limited per viewer, and the
/// host can turn it off. A viewer is the random id a page keeps in its browser's storage and sends
/// when it connects: a second tab or a reload is the same viewer, whose one vote counts while any of
/// its pages is open. (A script can make up ids; a browser cannot vote twice by itself.)
extension LiveSession {
    /// One proposal of a round.
    struct Proposal {
        let id: Int
        let branch: String
        let lever: Lever
        let value: Double
        /// Viewers voting for it (counted while one of their pages is open).
        var voters: Set<String>
    }

    /// The votes as the page shows them: open or not, and each proposal's tally.
    var votesJSON: JSON {
        let open = Set(clients.map(\.viewer))
        return .object([
            ("open", .bool(votingOpen)),
            ("proposals", .array(proposals.map { p in
                .object([("id", .int(p.id)), ("branch", .string(p.branch)), ("lever", .string(p.lever.spec.name)),
                         ("value", .number(p.value)), ("votes", .int(p.voters.intersection(open).count))])
            })),
        ])
    }

    /// The open connections and each proposal's counted votes (compared at every broadcast).
    func audienceNow(_ clients: [ClientConnection]) -> [Int] {
        let open = Set(clients.filter { !$0.isClosed }.map(\.viewer))
        return [clients.filter { !$0.isClosed }.count] + proposals.map { $0.voters.intersection(open).count }
    }

    func requireVoting() throws {
        guard votingOpen else {
            throw ClientCommand.CodedError(.input("audience voting is off", key: "voting", allowed: "ask the host to turn it on"),
                                           code: "votingOff")
        }
    }

    var noProposal: ClientCommand.CodedError {
        ClientCommand.CodedError(.input("no such proposal (the round may have ended)", key: "proposal",
                                        allowed: proposals.isEmpty ? "none open" : proposals.map { String($0.id) }.joined(separator: ", ")),
                                 code: "proposal")
    }

    /// Refuses an audience action that comes too soon after the same client's last one.
    func rateLimit(_ client: ClientConnection, proposing: Bool) throws {
        let seconds = proposing ? configuration.proposalSeconds : configuration.voteSeconds
        let key = (proposing ? "p|" : "v|") + client.viewer
        let now = LiveSession.now()
        if let last = lastAudienceAction[key], Double(now &- last) < seconds * 1e9 {
            throw ClientCommand.CodedError(.input("too soon after your last proposal or vote", key: "rate",
                                                  allowed: "one proposal every \(NumberFormat.text(configuration.proposalSeconds)) s, a changed vote every \(NumberFormat.text(configuration.voteSeconds)) s"),
                                           code: "rate", [("proposalSeconds", .number(configuration.proposalSeconds)),
                                                          ("voteSeconds", .number(configuration.voteSeconds))])
        }
        lastAudienceAction[key] = now
        if lastAudienceAction.count > 10_000 {
            let open = Set(clients.map(\.viewer))
            lastAudienceAction = lastAudienceAction.filter { open.contains(String($0.key.dropFirst(2))) }
        }
    }

    func propose(branch name: String, lever: Lever, value: Double, client: ClientConnection) throws -> [(String, JSON)] {
        try requireVoting()
        let b = try branch(named: name)
        guard !b.isFinished else {
            throw finishedError(b)
        }
        // The same change proposed again is a vote for the one already there.
        if let same = proposals.first(where: { $0.branch == name && $0.lever == lever && $0.value == value }) {
            return try vote(for: same.id, client: client)
        }
        guard proposals.count < configuration.maxProposals else {
            throw ClientCommand.CodedError(.input("the round already has \(configuration.maxProposals) proposals", key: "propose",
                                                  allowed: "vote for one of them"),
                                           code: "maxProposals", [("n", .int(configuration.maxProposals))])
        }
        try rateLimit(client, proposing: true)
        for k in proposals.indices { proposals[k].voters.remove(client.viewer) }
        let p = Proposal(id: nextProposalID, branch: name, lever: lever, value: value, voters: [client.viewer])
        nextProposalID += 1
        proposals.append(p)
        votesDirty = true
        dirty = true
        return [("proposal", .int(p.id))]
    }

    func vote(for id: Int, client: ClientConnection) throws -> [(String, JSON)] {
        try requireVoting()
        guard let k = proposals.firstIndex(where: { $0.id == id }) else {
            throw noProposal
        }
        if proposals[k].voters.contains(client.viewer) { return [("proposal", .int(id))] }
        try rateLimit(client, proposing: false)
        for j in proposals.indices { proposals[j].voters.remove(client.viewer) }
        proposals[k].voters.insert(client.viewer)
        votesDirty = true
        dirty = true
        return [("proposal", .int(id))]
    }

    /// Carries out a proposal on its branch (a marker notes the votes) and ends the round.
    func apply(proposal id: Int) throws -> [(String, JSON)] {
        guard let p = proposals.first(where: { $0.id == id }) else {
            throw noProposal
        }
        let b = try branch(named: p.branch)
        guard !b.isFinished else {
            throw finishedError(b)
        }
        let open = Set(clients.map(\.viewer))
        let votes = p.voters.intersection(open).count
        b.set(p.lever, p.value, note: "audience vote in branch \(p.branch) (\(votes) votes)", votes: votes)
        closeRound()
        return [("branch", .string(p.branch)), ("lever", .string(p.lever.spec.name)), ("value", .number(p.value)),
                ("votes", .int(votes)), ("tick", .int(b.simulation.tick))]
    }

    /// Turns audience voting on or off (ends the round).
    public func setVoting(_ on: Bool) {
        votingOpen = on
        closeRound()
    }

    /// Ends the round: every proposal goes.
    func closeRound() {
        proposals.removeAll()
        lastAudienceAction.removeAll()
        votesDirty = true
        dirty = true
    }
}
