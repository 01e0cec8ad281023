namespace Coffer.Bench.Nodes;

/// <summary>
/// Shares another process's CPU time out among the slices of an interleaved phase: what it used from the start of one
/// slice to the start of the next belongs to the first slice's target. Hooked in as the phase's <c>beforeSlice</c>.
/// </summary>
internal sealed class SliceCpuMeter(Func<TimeSpan> read, int targets)
{
    private readonly TimeSpan[] _used = new TimeSpan[targets];
    private int _current = -1;
    private TimeSpan _start;

    public Task BeforeSliceAsync(int target, CancellationToken cancellationToken)
    {
        Close();
        _current = target;
        _start = read();
        return Task.CompletedTask;
    }

    /// <summary>Closes the last slice; each target's share of the phase, and the meter starts again from zero.</summary>
    public TimeSpan[] Finish()
    {
        Close();
        _current = -1;
        var used = _used.ToArray();
        Array.Clear(_used);
        return used;
    }

    private void Close()
    {
        if (_current >= 0)
        {
            _used[_current] += read() - _start;
        }
    }
}
