namespace Coffer.Core.Storage;

/// <summary>
/// One kind of database (embedded SQLite, PostgreSQL) and where it is. A provider's registration
/// (<c>AddCofferSqlite</c>, <c>AddCofferPostgres</c>) adds one; the server opens it before anything else.
/// </summary>
public interface ICofferStorageProvider
{
    /// <summary>Connects, and creates or upgrades the schema; safe when several nodes open one database at once.</summary>
    Task<ICofferStorage> OpenAsync(CancellationToken cancellationToken);
}
