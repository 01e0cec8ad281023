using Coffer.Core.Errors;
using Coffer.Core.Management;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Backup;

/// <summary>
/// The management API of scheduled backups, through <see cref="VaultBackupSchedules"/>: a vault's schedule
/// (<c>GET|PUT|DELETE /_coffer/vaults/{name}/backupSchedule</c>) and its runs (<c>GET …/backupRuns?top=N</c>). Admins only.
/// </summary>
internal static class BackupScheduleEndpoints
{
    public static void MapBackupSchedules(this IEndpointRouteBuilder routes)
    {
        var vault = routes.MapGroup(VaultEndpoints.Prefix + "/{name}").WithMetadata(AdminEndpoint.Instance);
        vault.MapGet("/backupSchedule", GetAsync);
        vault.MapPut("/backupSchedule", SetAsync);
        vault.MapDelete("/backupSchedule", DeleteAsync);
        vault.MapGet("/backupRuns", ListRunsAsync);
    }

    private static async Task<IResult> GetAsync(string name, VaultBackupSchedules schedules, CancellationToken cancellationToken) =>
        TypedResults.Json(BackupScheduleDescription.From(await schedules.GetAsync(name, cancellationToken)), WireJsonContext.Default.BackupScheduleDescription);

    private static async Task<IResult> SetAsync(string name, HttpRequest request, VaultBackupSchedules schedules)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.BackupScheduleParameters);
        var schedule = await schedules.SetAsync(name, body.Cron, body.Interval, body.Destination, body.KeepLast, body.KeepDays, request.HttpContext.RequestAborted);
        return TypedResults.Json(BackupScheduleDescription.From(schedule), WireJsonContext.Default.BackupScheduleDescription);
    }

    private static async Task<IResult> DeleteAsync(string name, VaultBackupSchedules schedules, CancellationToken cancellationToken)
    {
        await schedules.DeleteAsync(name, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ListRunsAsync(string name, HttpRequest request, VaultBackupSchedules schedules, CancellationToken cancellationToken)
    {
        var top = VaultBackupSchedules.MaxRunsListed;
        if (request.Query["top"] is { Count: > 0 } given && (given.Count > 1 || !int.TryParse(given[0], out top) || top < 1))
        {
            throw KeyVaultErrors.BadParameter("top must be a positive whole number, given once.");
        }

        var runs = await schedules.ListRunsAsync(name, top, cancellationToken);
        return TypedResults.Json(new BackupRunList([.. runs.Select(BackupRunDescription.From)]), WireJsonContext.Default.BackupRunList);
    }
}
