using Microsoft.Data.Sqlite;

namespace Coffer.Bench.Load;

/// <summary>Removes the harness's temporary data directories.</summary>
internal static class TempDirectories
{
    public static void Delete(DirectoryInfo directory)
    {
        // Pooled SQLite connections keep the database files open.
        SqliteConnection.ClearAllPools();
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not remove {directory.FullName}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"Could not remove {directory.FullName}: {e.Message}");
        }
    }
}
