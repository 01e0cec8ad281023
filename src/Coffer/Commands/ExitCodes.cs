namespace Coffer.Cli.Commands;

/// <summary>
/// What <c>coffer</c> exits with, for scripts (README, "Exit codes"). A service error maps by its HTTP
/// status; command-line and local file mistakes are <see cref="BadInput"/> as a 400 is.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Other = 1;
    public const int BadInput = 2;
    public const int NotFound = 3;
    public const int Conflict = 4;
    public const int Auth = 5;
    public const int Throttled = 6;
    public const int AuditChainBroken = 7;
    public const int KeyringChangePending = 8;

    public static int ForStatus(int status) => status switch
    {
        400 or 413 => BadInput,
        404 => NotFound,
        409 => Conflict,
        401 or 403 => Auth,
        429 => Throttled,
        _ => Other,
    };
}
