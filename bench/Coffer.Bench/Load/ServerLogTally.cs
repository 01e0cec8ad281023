using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Coffer.Bench.Load;

/// <summary>
/// Replaces a server's console logging during the run: counts warnings and errors (an unexpected 500 is
/// logged as an error) and keeps the first few, so they appear in the report instead of amid the table.
/// </summary>
internal sealed class ServerLogTally : ILoggerProvider
{
    private const int MaxSamples = 5;
    private readonly ConcurrentQueue<string> _samples = new();
    private int _warnings;
    private int _errors;

    public int Warnings => Volatile.Read(ref _warnings);

    public int Errors => Volatile.Read(ref _errors);

    public IReadOnlyCollection<string> Samples => _samples;

    public void Attach(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddProvider(this);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Record(LogLevel level, string category, string message, Exception? exception)
    {
        if (level >= LogLevel.Error)
        {
            Interlocked.Increment(ref _errors);
        }
        else
        {
            Interlocked.Increment(ref _warnings);
        }

        if (_samples.Count < MaxSamples)
        {
            _samples.Enqueue($"{level} {category}: {message}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
        }
    }

    private sealed class Logger(ServerLogTally tally, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                tally.Record(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
