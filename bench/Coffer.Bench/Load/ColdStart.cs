namespace Coffer.Bench.Load;

/// <summary>One start of <c>coffer serve</c>: time from process start to the first answered request, and memory then.</summary>
internal sealed record ColdStart(double ToFirstResponseMs, int FirstStatus, double? RssMb);

/// <summary>Several cold-start runs, each a first start on a new data directory and a restart on it; medians resist one slow start.</summary>
internal sealed record ColdStartSeries(IReadOnlyList<ColdStart> Firsts, IReadOnlyList<ColdStart> Restarts)
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double? MedianRss(IEnumerable<ColdStart> starts)
    {
        var rss = starts.Where(s => s.RssMb is not null).Select(s => s.RssMb!.Value).ToArray();
        return rss.Length == 0 ? null : Median(rss);
    }
}
