using Microsoft.Extensions.Logging;

namespace Portal.Tests.Support;

/// <summary>Keeps every warning or error a component or service logs, for tests that check nothing went wrong (or that it was said).</summary>
public sealed class RecordingLog : ILoggerProvider, ILogger
{
    public System.Collections.Concurrent.ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            Entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception));
        }
    }

    public void Dispose()
    {
    }
}

public sealed record LogEntry(LogLevel Level, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level}: {Message} {Exception}";
}
