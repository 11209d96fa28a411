/// The one list of series colours, shared by the charts (`Palette` in BuurtReport) and the live
/// page (its branches, sent in the greeting): the Okabe-Ito palette, colour-blind safe.
public enum SeriesColours {
    /// Okabe & Ito (2008): blue, vermillion, bluish green, orange, reddish purple, sky blue, black,
    /// yellow (ordered so the first lines have the most contrast on white; yellow last).
    public static let okabeIto = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]

    /// The live page's branches: the main branch black, what-ifs in the palette's order (yellow,
    /// too faint on a projector, left out).
    public static let branches = ["#000000"] + okabeIto.filter { $0 != "#000000" && $0 != "#F0E442" }
}
