namespace Coffer.Server.Observability;

/// <summary>How <c>coffer serve</c> writes its log to standard output: one line per entry either way.</summary>
public enum LogFormat
{
    Text,
    Json,
}
