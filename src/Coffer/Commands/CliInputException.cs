namespace Coffer.Cli.Commands;

/// <summary>A mistake in what the user asked (options, files): exit code <see cref="ExitCodes.BadInput"/>, no stack trace.</summary>
internal sealed class CliInputException(string message) : Exception(message);
