using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Coffer.Cli.Commands;

/// <summary>
/// Progress of a many-object run: a Spectre.Console bar (done/total, rate, ETA) when stdout is an
/// interactive terminal and the output is text; otherwise plain lines on stderr, about every
/// twentieth of the run and at the end; nothing with <c>--output json</c>.
/// </summary>
internal sealed class RunProgress
{
    private readonly string _verb;
    private readonly OutputFormat _format;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public RunProgress(string verb, OutputFormat format)
    {
        _verb = verb;
        _format = format;
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Runs <paramref name="work"/>, which calls the given action once per finished object.</summary>
    public async Task RunAsync(int total, int alreadyDone, Func<Action, Task> work)
    {
        if (_format == OutputFormat.Text && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Describe(alreadyDone, total, alreadyDone), maxValue: Math.Max(total, 1));
                    task.Increment(alreadyDone);
                    var done = alreadyDone;
                    await work(() =>
                    {
                        var now = Interlocked.Increment(ref done);
                        task.Increment(1);
                        task.Description = Describe(now, total, alreadyDone);
                    });
                });
            return;
        }

        var step = Math.Max(1, total / 20);
        var count = alreadyDone;
        await work(() =>
        {
            var now = Interlocked.Increment(ref count);
            if (_format == OutputFormat.Text && (now % step == 0 || now == total))
            {
                Console.Error.WriteLine(Line(now, total, alreadyDone));
            }
        });
    }

    private string Describe(int done, int total, int alreadyDone) =>
        string.Create(CultureInfo.InvariantCulture, $"{_verb} {done}/{total} objects, {Rate(done - alreadyDone):F1}/s");

    private string Line(int done, int total, int alreadyDone)
    {
        var rate = Rate(done - alreadyDone);
        var eta = rate > 0 ? TimeSpan.FromSeconds((total - done) / rate) : TimeSpan.Zero;
        return string.Create(CultureInfo.InvariantCulture, $"{_verb} {done}/{total} objects, {rate:F1}/s, ETA {eta:hh\\:mm\\:ss}");
    }

    private double Rate(int done) => done / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
}
